"""Solution: count the questions whose answer is in the first k, divide."""

# %%


def recall_at_k(rankings: list[list[int]], answers: list[int],
                top_k: int) -> float:
    """Fraction of questions with their answer among the first top_k."""
    hits = [answer in ranking[:top_k]
            for ranking, answer in zip(rankings, answers, strict=True)]
    return sum(hits) / len(hits)
