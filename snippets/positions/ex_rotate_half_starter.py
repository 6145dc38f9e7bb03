"""Exercise: RoPE in the layout transformers uses, feature r turning with r + d_k/2."""

# %%
import torch


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    """(..., d_k) -> (..., d_k): with x = [x1, x2] split in halves, return [-x2, x1]."""
    raise NotImplementedError("your code here")


def apply_rope(x: torch.Tensor, positions: torch.Tensor, base: float) -> torch.Tensor:
    """Rotate row i of x (..., n, d_k) by i * theta_r in the rotate_half layout:
    x cos + rotate_half(x) sin, where cos and sin hold the n angles i * theta_r
    (theta_r = base^(-2r/d_k), r < d_k/2) twice over: once per half."""
    raise NotImplementedError("your code here")
