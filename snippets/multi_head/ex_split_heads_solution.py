"""Solution: view the last axis as (n_h, d_k), then move the head axis forward."""

# %%
import torch


def split_heads(x: torch.Tensor, n_h: int) -> torch.Tensor:
    b, s, d = x.shape
    return x.view(b, s, n_h, d // n_h).transpose(1, 2)   # (b, n_h, s, d_k)


def merge_heads(x: torch.Tensor) -> torch.Tensor:
    b, n_h, s, d_k = x.shape
    # transpose makes the memory non-contiguous: reshape copies where view can't
    return x.transpose(1, 2).reshape(b, s, n_h * d_k)    # (b, s, n_h * d_k)
