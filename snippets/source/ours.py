"""The guide's pieces, from its formulas: RMSNorm, RoPE, attention, SwiGLU."""

# %%
import torch
import torch.nn.functional as F


def rms_norm(x, g, eps):
    """x / RMS(x) * g, over the features (the block chapter)."""
    return x / (x.pow(2).mean(dim=-1, keepdim=True) + eps).sqrt() * g


def rope(x, positions, base):
    """Rotate feature pairs (r, r + d_k/2) of position i by i * theta_r (the
    positions chapter, in the pairing transformers uses)."""
    d_k = x.shape[-1]
    theta = base ** (-torch.arange(0, d_k, 2).float() / d_k)   # (d_k/2,)
    angle = positions[:, None].float() * theta                  # (n, d_k/2)
    cos, sin = angle.cos(), angle.sin()
    x1, x2 = x[..., : d_k // 2], x[..., d_k // 2 :]
    return torch.cat([x1 * cos - x2 * sin, x1 * sin + x2 * cos], dim=-1)


def causal_attention(Q, K, V):
    """softmax(Q K^T / sqrt(d_k)) V with the future hidden (the attention chapter)."""
    n, d_k = Q.shape[-2:]
    S = Q @ K.transpose(-2, -1) / d_k**0.5                       # (..., n, n)
    future = torch.ones(n, n, dtype=torch.bool).triu(diagonal=1)
    return S.masked_fill(future, float("-inf")).softmax(dim=-1) @ V


def swiglu(x, W_gate, W_up, W_down):
    """(silu(x W_gate) * x W_up) W_down (the block chapter)."""
    return (F.silu(x @ W_gate) * (x @ W_up)) @ W_down
