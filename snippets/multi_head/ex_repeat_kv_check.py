"""Check: the same tensor as Llama's repeat_kv in transformers, and GQA in PyTorch."""

from snippets.multi_head.ex_repeat_kv_solution import repeat_kv

# %%
import torch
import torch.nn.functional as F
from transformers.models.llama import modeling_llama

torch.manual_seed(0)
B, n_h, n_kv, n, d_k = 2, 8, 2, 5, 16
Q = torch.randn(B, n_h, n, d_k)
K, V = torch.randn(2, B, n_kv, n, d_k).unbind(0)
ours = repeat_kv(K, n_h // n_kv)
theirs = modeling_llama.repeat_kv(K, n_h // n_kv)    # what LlamaAttention calls
assert ours.shape == theirs.shape, (
    f"expected shape {tuple(theirs.shape)}, got {tuple(ours.shape)}")
assert torch.equal(ours, theirs), (
    "same shape, other order: query head h must get K/V head h // n_rep "
    "(0, 0, 0, 0, 1, 1, 1, 1), not h % n_kv (0, 1, 0, 1, ...)")
out = F.scaled_dot_product_attention(Q, repeat_kv(K, 4), repeat_kv(V, 4))
gqa = F.scaled_dot_product_attention(Q, K, V, enable_gqa=True)  # no copies made
d = (out - gqa).abs().max().item()
assert d < 1e-6, f"attention with your copies differs from enable_gqa=True by {d:.1e}"
print("✓ equals transformers' repeat_kv; attention = enable_gqa=True, max diff",
      f"{d:.1e}")
