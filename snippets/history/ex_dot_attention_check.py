"""Check: the context equals PyTorch's attention with the query s_t and no scaling."""

from snippets.history.encoder_decoder import H, s_t
from snippets.history.ex_dot_attention_solution import dot_attention

# %%
import torch
import torch.nn.functional as F

with torch.no_grad():
    alpha, c = dot_attention(s_t, H)
    # one query (s_t) attending over S keys and values (both H); scale=1: no 1/sqrt(d)
    ref = F.scaled_dot_product_attention(s_t[None, None], H[None], H[None], scale=1.0)
S, d_h = H.shape
assert alpha.shape == (S,), f"expected {S} weights, got shape {tuple(alpha.shape)}"
assert c.shape == (d_h,), f"expected a context of shape ({d_h},), got {tuple(c.shape)}"
assert abs(alpha.sum().item() - 1) < 1e-6, "the weights should sum to 1: softmax them"
d = (c - ref[0, 0]).abs().max().item()
assert d < 1e-6, f"context differs from F.scaled_dot_product_attention by {d:.1e}"
print("✓ matches F.scaled_dot_product_attention(scale=1), max diff", f"{d:.1e}")
