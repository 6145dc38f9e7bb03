"""Solution: count the questions whose answer is in the first k, divide."""

# %%


def recall_at_k(rankings: list[list[int]], answers: list[int], k: int) -> float:
    """Fraction of questions with their answer in the top k."""
    hits = [answer in ranking[:k]
            for ranking, answer in zip(rankings, answers, strict=True)]
    return sum(hits) / len(hits)
