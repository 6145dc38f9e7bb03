"""The correct attention every bug below is measured against, checked against torch."""

# %%
import torch
import torch.nn.functional as F


def attention(Q, K, V, mask=None):
    """softmax(Q K^T / sqrt(d_k)) V; keys where mask is False get weight 0."""
    d_k = Q.shape[-1]                                     # width of ONE head
    scores = Q @ K.transpose(-2, -1) / d_k**0.5           # (..., n_q, n_k)
    if mask is not None:                                  # True = may attend
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = scores.softmax(dim=-1)                      # each row sums to 1
    return weights @ V, weights


torch.manual_seed(0)
n, d_model, n_h = 6, 64, 8                 # 6 tokens, model width 64, 8 heads
d_k = d_model // n_h                       # 8 features per head
Q, K, V = torch.randn(3, n_h, n, d_k).unbind(0)   # (n_h, n, d_k) each
causal = torch.ones(n, n, dtype=torch.bool).tril()  # (n, n): i sees 0..i

for mask in (None, causal):
    ours, _ = attention(Q, K, V, mask)
    theirs = F.scaled_dot_product_attention(Q, K, V, attn_mask=mask)
    print(f"mask={'causal' if mask is not None else 'none':6}"
          f" max |ours - torch| = {(ours - theirs).abs().max():.1e}")
