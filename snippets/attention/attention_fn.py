"""Scaled dot-product attention in one function, checked against PyTorch's own."""

# %%
import torch
import torch.nn.functional as F


def attention(Q, K, V, causal=False):
    """softmax(Q K^T / sqrt(d_k)) V, optionally hiding future keys."""
    d_k = Q.shape[-1]
    scores = Q @ K.transpose(-2, -1) / d_k**0.5          # (..., n_q, n_k)
    if causal:
        n_q, n_k = scores.shape[-2:]
        future = torch.ones(n_q, n_k, dtype=torch.bool).triu(diagonal=1)
        scores = scores.masked_fill(future, float("-inf"))  # exp(-inf) = 0
    A = scores.softmax(dim=-1)                           # (..., n_q, n_k)
    return A @ V, A


torch.manual_seed(2)
Q, K, V = torch.randn(3, 2, 5, 16).unbind(0)   # batch 2, 5 tokens, d_k = 16
for causal in (False, True):
    ours, _ = attention(Q, K, V, causal=causal)
    theirs = F.scaled_dot_product_attention(Q, K, V, is_causal=causal)
    diff = (ours - theirs).abs().max()
    print(f"causal={causal!s:5}  max |ours - torch| = {diff:.1e}")
