"""Exercise: add-one smoothing gives every pair of words a probability above zero."""

# %%
def p_smooth(prev: str, nxt: str) -> float:
    """p(nxt | prev) with add-one (Laplace) smoothing: pretend every pair was seen once
    more than it was, (count(prev, nxt) + 1) / (count(prev, anything) + vocab_size)."""
    raise NotImplementedError("your code here")
