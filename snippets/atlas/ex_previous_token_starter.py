"""Exercise: score every head for looking at the previous token; find the best one."""

# %%
import torch


def previous_token_scores(A: torch.Tensor) -> torch.Tensor:
    """How much each head looks at the token just before the query.

    A: (layers, n_h, n, n), the weights of one sentence (rows: queries, columns: keys).
    Returns (layers, n_h): for each head, the mean of A[layer, head, i, i - 1]
    over the positions i = 1 .. n - 1.
    """
    raise NotImplementedError("your code here")
