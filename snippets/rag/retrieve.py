"""Embedding retrieval against keyword retrieval, on a question with no keyword."""

from snippets.rag.embed import E, embed
from snippets.rag.keyword import QUESTION, keyword_ranking
from snippets.rag.knowledge import FACTS

# %%
import pandas as pd


def embedding_ranking(question, top_k=3):
    """(cosine, index) of the top_k facts closest in meaning to the question."""
    cos = E @ embed([question])[0]                    # (n_facts,): unit vectors
    top = cos.topk(top_k)
    return list(zip(top.values.tolist(), top.indices.tolist(), strict=True))


keyword_top = keyword_ranking(QUESTION, FACTS)[:3]
embedding_top = embedding_ranking(QUESTION)
pd.set_option("display.max_colwidth", None)     # show each fact in full
rows = [("keyword", r + 1, i, f"{s} shared", FACTS[i])
        for r, (s, i) in enumerate(keyword_top)]
rows += [("embedding", r + 1, i, f"cos {c:.2f}", FACTS[i])
         for r, (c, i) in enumerate(embedding_top)]
print(QUESTION)
pd.DataFrame(rows, columns=["retriever", "rank", "fact", "score", "text"]
             ).set_index(["retriever", "rank"])
