"""Solution: add-one smoothing, the bigram ratio with 1 added to every count."""

from snippets.history.bigram import counts, vocab_size

# %%
def p_smooth(prev: str, nxt: str) -> float:
    """(count(prev, nxt) + 1) / (count(prev, anything) + vocab_size)."""
    return (counts[prev][nxt] + 1) / (sum(counts[prev].values()) + vocab_size)
