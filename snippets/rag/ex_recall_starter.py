"""Exercise: measure a retriever: is the right fact among its top k?"""

# %%


def recall_at_k(rankings: list[list[int]], answers: list[int],
                top_k: int) -> float:
    """Share of questions whose answering fact is among the first top_k of its
    ranking. rankings[i]: fact indices for question i, best first;
    answers[i]: the index of the fact that answers question i."""
    raise NotImplementedError("your code here")
