"""Solution: view the last axis as (n_h, d_k), then move the head axis forward."""

# %%
import torch


def split_heads(x: torch.Tensor, n_h: int) -> torch.Tensor:
    B, n, d = x.shape
    return x.view(B, n, n_h, d // n_h).transpose(1, 2)   # (B, n_h, n, d_k)


def merge_heads(x: torch.Tensor) -> torch.Tensor:
    B, n_h, n, d_k = x.shape
    # transpose makes the memory non-contiguous: reshape copies where view can't
    return x.transpose(1, 2).reshape(B, n, n_h * d_k)    # (B, n, n_h * d_k)
