"""RoPE: rotate each pair of query/key features by an angle proportional to position."""

# %%
import torch


def rope(x, positions, base=10000.0):
    """Rotate pair (x[2r], x[2r+1]) of row i by the angle i * theta_r."""
    d_k = x.shape[-1]                                  # a head's width
    theta = 1 / base ** (torch.arange(0, d_k, 2).float() / d_k)  # (d_k/2,) speeds
    angle = positions.float()[:, None] * theta         # (n, d_k/2)
    cos, sin = angle.cos(), angle.sin()
    x_even, x_odd = x[..., 0::2], x[..., 1::2]   # 1st, 2nd member of each pair
    out = torch.empty_like(x)
    out[..., 0::2] = x_even * cos - x_odd * sin  # [cos -sin] [x_even]
    out[..., 1::2] = x_even * sin + x_odd * cos  # [sin  cos] [x_odd ]
    return out


torch.manual_seed(0)
n, d_k = 5, 8
Q = torch.randn(n, d_k)                          # (n, d_k)
Q_rot = rope(Q, torch.arange(n))                 # row i rotated for position i
print("position 0 is left alone:", torch.allclose(Q_rot[0], Q[0]))
print("rotation keeps lengths:  ",
      torch.allclose(Q_rot.norm(dim=-1), Q.norm(dim=-1)))
print("Q_rot == Q (no change):  ", torch.allclose(Q_rot, Q))
