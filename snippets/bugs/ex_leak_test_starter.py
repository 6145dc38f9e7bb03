"""Exercise: a test that catches a causal mask that lets the future leak (bug 3)."""

# %%


def leaks_future(attend, n: int = 6, d: int = 8) -> bool:
    """True if attend(X) lets a token see tokens after it.

    attend maps X (n, d) to an output (n, d), row i for token i. Change only
    the LAST token of a random X: in a correct causal attention, no earlier
    output row may change.
    """
    raise NotImplementedError("your code here")
