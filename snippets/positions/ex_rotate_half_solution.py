"""Solution: the angles of the page's rope(), laid out for the two halves."""

# %%
import torch


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    x1, x2 = x.chunk(2, dim=-1)                # first and second half
    return torch.cat([-x2, x1], dim=-1)


def apply_rope(x: torch.Tensor, positions: torch.Tensor, base: float) -> torch.Tensor:
    d_k = x.shape[-1]
    theta = 1 / base ** (torch.arange(0, d_k, 2).float() / d_k)  # (d_k/2,)
    angle = positions.float()[:, None] * theta                    # (n, d_k/2)
    angle = torch.cat([angle, angle], dim=-1)                     # (n, d_k), two halves
    return x * angle.cos() + rotate_half(x) * angle.sin()
