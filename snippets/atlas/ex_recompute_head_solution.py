"""Solution: project, keep head h's columns, scale, softmax over the keys."""

# %%
import torch


def head_weights(X: torch.Tensor, attn, h: int, n_h: int = 12) -> torch.Tensor:
    """softmax(Q_h K_h^T / sqrt(d_k)) for head h: (n, n)."""
    d_k = X.shape[-1] // n_h
    cols = slice(h * d_k, (h + 1) * d_k)         # head h's block of columns
    with torch.no_grad():
        Q_h, K_h = attn.query(X)[:, cols], attn.key(X)[:, cols]   # (n, d_k) each
    return (Q_h @ K_h.T / d_k**0.5).softmax(dim=-1)
