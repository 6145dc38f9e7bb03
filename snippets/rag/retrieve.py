"""Embedding retrieval against keyword retrieval, on a question that shares no keyword."""

# ruff: noqa: I001 - the prelude's imports come before the shown part's

from snippets.rag.embed import E, embed
from snippets.rag.keyword import QUESTION, keyword_ranking
from snippets.rag.knowledge import FACTS

# %%
import pandas as pd


def embedding_ranking(question, k=3):
    """(cosine, index) of the k facts closest in meaning to the question."""
    cos = E @ embed([question])[0]                    # (n_facts,): unit vectors
    top = cos.topk(k)
    return list(zip(top.values.tolist(), top.indices.tolist(), strict=True))


print(QUESTION)
keyword_top = keyword_ranking(QUESTION, FACTS)[:3]
embedding_top = embedding_ranking(QUESTION)
pd.DataFrame({
    "keyword": [f"{FACTS[i]} ({s} shared)" for s, i in keyword_top],
    "embedding": [f"{FACTS[i]} (cos {c:.2f})" for c, i in embedding_top],
}, index=pd.Index([1, 2, 3], name="rank"))
