"""Solution: add-one smoothing, the bigram ratio with 1 added to every count."""

from snippets.history.bigram import V, counts

# %%
def p_smooth(prev: str, nxt: str) -> float:
    """(count(prev, nxt) + 1) / (count(prev, anything) + V)."""
    return (counts[prev][nxt] + 1) / (sum(counts[prev].values()) + V)
