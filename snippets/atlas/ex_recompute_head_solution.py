"""Solution: project, keep head i's columns, scale, softmax over the keys."""

# %%
import torch


def head_weights(X: torch.Tensor, attn, i: int, n_h: int = 12) -> torch.Tensor:
    """softmax(Q^(i) K^(i)^T / sqrt(d_k)) for head i: (n, n)."""
    d_k = X.shape[-1] // n_h
    cols = slice(i * d_k, (i + 1) * d_k)         # head i's block of columns
    with torch.no_grad():
        Q_i, K_i = attn.query(X)[:, cols], attn.key(X)[:, cols]   # (n, d_k) each
    return (Q_i @ K_i.T / d_k**0.5).softmax(dim=-1)
