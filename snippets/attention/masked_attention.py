"""Attention with any boolean mask, checked against PyTorch's on padding + causal."""

from snippets.attention.masks import causal_mask, padding_mask

# %%
import torch
import torch.nn.functional as F


def masked_attention(Q, K, V, mask=None):
    """softmax(Q K^T / sqrt(d_k)) V; keys where mask is False get weight 0."""
    d_k = Q.shape[-1]
    scores = Q @ K.transpose(-2, -1) / d_k**0.5          # (..., n_q, n_k)
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    A = scores.softmax(dim=-1)
    return A @ V, A


torch.manual_seed(6)
n = 5
Q, K, V = torch.randn(3, 2, n, 16).unbind(0)   # batch 2, 5 tokens, d_k = 16
# Sentence 0 has 5 real tokens, sentence 1 only 3 (+ 2 padding): hide both
# the future and the padding. `&` keeps a key only if both masks allow it.
mask = causal_mask(n) & padding_mask([5, 3], n)          # (2, n, n)
ours, weights = masked_attention(Q, K, V, mask)
theirs = F.scaled_dot_product_attention(Q, K, V, attn_mask=mask)
print("max |ours - torch|:", f"{(ours - theirs).abs().max():.1e}")
print("weights of sentence 1 (padding keys 3 and 4 get 0):")
print(weights[1].round(decimals=2))
