"""Solution: dot-product attention is two matrix products and a softmax."""

# %%
import torch


def dot_attention(s: torch.Tensor, H: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """alpha = softmax(s H^T), c = alpha H."""
    e = H @ s                    # (S,): e_j = s h_j^T
    alpha = e.softmax(dim=-1)    # (S,)
    return alpha, alpha @ H      # (S,), (d_h,)
