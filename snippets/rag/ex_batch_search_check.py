"""Check: the same facts and scores as sentence-transformers' semantic_search."""

from snippets.rag.embed import E, embed
from snippets.rag.ex_batch_search_solution import search
from snippets.rag.heatmap import QUESTIONS

# %%
import torch
from sentence_transformers import util

questions = list(QUESTIONS)
top_k = 3
values, indices = search(questions, top_k)
assert tuple(indices.shape) == (len(questions), top_k), (
    f"expected ({len(questions)}, {top_k}) indices, got {tuple(indices.shape)}")
hits = util.semantic_search(embed(questions), E, top_k=top_k)   # a list per question
ref_indices = torch.tensor([[h["corpus_id"] for h in row] for row in hits])
ref_values = torch.tensor([[h["score"] for h in row] for row in hits])
assert torch.equal(indices, ref_indices), (
    f"other facts than semantic_search:\nyours:    {indices.tolist()}\n"
    f"expected: {ref_indices.tolist()}")
diff = (values - ref_values).abs().max().item()
assert diff < 1e-5, f"the cosines differ from semantic_search's scores by {diff:.1e}"
print(f"✓ same top {top_k} facts as util.semantic_search for {len(questions)}"
      f" questions, cosines within {diff:.1e}")
