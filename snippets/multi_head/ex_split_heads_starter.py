"""Exercise: split a projection into heads and merge the heads back, without the bug."""

# %%
import torch


def split_heads(x: torch.Tensor, n_h: int) -> torch.Tensor:
    """(B, n, n_h * d_k) -> (B, n_h, n, d_k): head h gets the columns
    h*d_k ... (h+1)*d_k - 1 of every token. (A single .view(B, n_h, n, d_k) runs,
    but mixes tokens: why?)"""
    raise NotImplementedError("your code here")


def merge_heads(x: torch.Tensor) -> torch.Tensor:
    """(B, n_h, n, d_k) -> (B, n, n_h * d_k): the heads side by side again."""
    raise NotImplementedError("your code here")
