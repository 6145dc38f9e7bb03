"""Solution: dot-product attention is two matrix products and a softmax."""

# %%
import torch


def dot_attention(q: torch.Tensor, X_enc: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """a = softmax(q X_enc^T), y = a X_enc."""
    s = X_enc @ q                # (n,): s_j = q h_j^T
    a = s.softmax(dim=-1)        # (n,)
    return a, a @ X_enc          # (n,), (d_h,)
