"""Check: split, F.scaled_dot_product_attention, merge = nn.MultiheadAttention."""

from snippets.multi_head.ex_split_heads_solution import merge_heads, split_heads

# %%
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
B, n, d_model, n_h = 2, 7, 48, 6
d_k = d_model // n_h
X = torch.randn(B, n, d_model)
heads = split_heads(X, n_h)
assert heads.shape == (B, n_h, n, d_k), (
    f"expected (B, n_h, n, d_k) = {(B, n_h, n, d_k)}, got {tuple(heads.shape)}")
for h in range(n_h):
    assert torch.equal(heads[:, h], X[..., h * d_k : (h + 1) * d_k]), (
        f"head {h} should hold columns {h * d_k}..{(h + 1) * d_k - 1} of each token")
assert torch.equal(merge_heads(heads), X), "merge_heads(split_heads(X)) should give X"

mha = nn.MultiheadAttention(d_model, n_h, batch_first=True)
W_q, W_k, W_v = mha.in_proj_weight.chunk(3)     # nn.Linear weights: y = x W^T + b
b_q, b_k, b_v = mha.in_proj_bias.chunk(3)
with torch.no_grad():
    Q = split_heads(X @ W_q.T + b_q, n_h)       # (B, n_h, n, d_k)
    K = split_heads(X @ W_k.T + b_k, n_h)
    V = split_heads(X @ W_v.T + b_v, n_h)
    ours = mha.out_proj(merge_heads(F.scaled_dot_product_attention(Q, K, V)))
    theirs, _ = mha(X, X, X)
d = (ours - theirs).abs().max().item()
assert d < 1e-5, f"the output differs from nn.MultiheadAttention by {d:.1e}"
print("✓ matches nn.MultiheadAttention, max diff", f"{d:.1e}")
