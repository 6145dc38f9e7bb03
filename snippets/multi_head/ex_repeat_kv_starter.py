"""Exercise: repeat each key/value head for the query heads that share it (GQA)."""

# %%
import torch


def repeat_kv(x: torch.Tensor, n_rep: int) -> torch.Tensor:
    """(B, n_kv, n, d_k) -> (B, n_kv * n_rep, n, d_k): K/V head g serves the n_rep
    query heads g*n_rep ... (g+1)*n_rep - 1, so it appears n_rep times in a row."""
    raise NotImplementedError("your code here")
