"""Exercise: RoPE in the layout transformers uses, feature j turning with j + d/2."""

# %%
import torch


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    """(..., d) -> (..., d): with x = [x1, x2] split in halves, return [-x2, x1]."""
    raise NotImplementedError("your code here")


def apply_rope(x: torch.Tensor, positions: torch.Tensor, base: float) -> torch.Tensor:
    """Rotate row m of x (..., n, d) by m * theta_i in the rotate_half layout:
    x cos + rotate_half(x) sin, where cos and sin hold the n angles m * theta_i
    (theta_i = base^(-2i/d), i < d/2) twice over: once per half."""
    raise NotImplementedError("your code here")
