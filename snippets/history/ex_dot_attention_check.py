"""Check: the context equals PyTorch's attention with the query q_t and no scaling."""

from snippets.history.encoder_decoder import X_enc, q_t
from snippets.history.ex_dot_attention_solution import dot_attention

# %%
import torch
import torch.nn.functional as F

with torch.no_grad():
    a, y = dot_attention(q_t, X_enc)
    # one query (q_t) over n keys and values (both X_enc); scale=1: no 1/sqrt(d_h)
    ref = F.scaled_dot_product_attention(q_t[None, None], X_enc[None], X_enc[None],
                                         scale=1.0)
n, d_h = X_enc.shape
assert a.shape == (n,), f"expected {n} weights, got shape {tuple(a.shape)}"
assert y.shape == (d_h,), f"expected a context of shape ({d_h},), got {tuple(y.shape)}"
assert abs(a.sum().item() - 1) < 1e-6, "the weights should sum to 1: softmax them"
diff = (y - ref[0, 0]).abs().max().item()
assert diff < 1e-6, f"context differs from F.scaled_dot_product_attention by {diff:.1e}"
print("✓ matches F.scaled_dot_product_attention(scale=1), max diff", f"{diff:.1e}")
