"""Exercise: greedy decoding as a function, for a whole batch of prompts."""

# %%
def generate(model, ids, n_new):
    """Call the model n_new times; each time append, to every row, the token with
    the largest logit at the last position.

    ids: (B, n) token ids -> (B, n + n_new). Leave `ids` itself unchanged.
    """
    raise NotImplementedError("your code here")
