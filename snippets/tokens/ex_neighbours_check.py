"""Check: the same neighbours as sorting F.cosine_similarity against every row."""

from snippets.tokens.ex_neighbours_solution import nearest
from snippets.tokens.load import tokenizer
from snippets.tokens.real_table import E

# %%
import torch.nn.functional as F

top_k = 5
for word in ["king", "paris", "three"]:
    i = tokenizer.convert_tokens_to_ids(word)
    ours = nearest(E, i, top_k)
    cos = F.cosine_similarity(E, E[i], dim=-1)            # (vocab_size,) one per row
    theirs = [j for j in cos.argsort(descending=True).tolist() if j != i][:top_k]
    assert ours == theirs, (
        f"{word!r}: expected {tokenizer.convert_ids_to_tokens(theirs)}, got "
        f"{tokenizer.convert_ids_to_tokens(ours)}")
    print(f"{word:>6}: {tokenizer.convert_ids_to_tokens(ours)}")
print(f"✓ the same {top_k} nearest rows as sorting F.cosine_similarity, for 3 words")
