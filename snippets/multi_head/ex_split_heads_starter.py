"""Exercise: split a projection into heads and merge the heads back, without the bug."""

# %%
import torch


def split_heads(x: torch.Tensor, n_h: int) -> torch.Tensor:
    """(b, s, n_h * d_k) -> (b, n_h, s, d_k): head h gets the columns
    h*d_k ... (h+1)*d_k - 1 of every token. (A single .view(b, n_h, s, d_k) runs,
    but mixes tokens: why?)"""
    raise NotImplementedError("your code here")


def merge_heads(x: torch.Tensor) -> torch.Tensor:
    """(b, n_h, s, d_k) -> (b, s, n_h * d_k): the heads side by side again."""
    raise NotImplementedError("your code here")
