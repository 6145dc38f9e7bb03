"""Solution: repeat_interleave along the head axis (copies each head n_rep times)."""

# %%
import torch


def repeat_kv(x: torch.Tensor, n_rep: int) -> torch.Tensor:
    return x.repeat_interleave(n_rep, dim=1)   # (B, n_kv * n_rep, n, d_k)
