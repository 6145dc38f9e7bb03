"""Check: all three conventions give the same attention in PyTorch's own functions."""

from snippets.attention.ex_mask_conventions_solution import (
    additive_mask,
    key_padding_mask,
)
from snippets.attention.masks import padding_mask

# %%
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
lengths, n, d_model = [5, 3], 5, 8
X = torch.randn(2, n, d_model)                   # sentence 1: 3 tokens + 2 padding
allowed = padding_mask(lengths, n)               # (2, 1, n), True = may attend

add = additive_mask(allowed)
assert add.is_floating_point(), f"an additive mask holds floats, got {add.dtype}"
ref = F.scaled_dot_product_attention(X, X, X, attn_mask=allowed)
diff = (F.scaled_dot_product_attention(X, X, X, attn_mask=add) - ref).abs().max().item()
assert diff < 1e-6, (
    f"the additive mask changes the output by {diff:.1e}: 0 keeps, -inf hides")

kpm = key_padding_mask(lengths, n)
assert kpm.shape == (2, n) and kpm.dtype == torch.bool, (
    f"expected a bool mask of shape (2, {n}), got {kpm.dtype} {tuple(kpm.shape)}")
mha = nn.MultiheadAttention(d_model, num_heads=2, batch_first=True)
with torch.no_grad():
    _, weights = mha(X, X, X, key_padding_mask=kpm)  # (2, n, n), heads averaged
assert (weights[1, :, 3:] == 0).all(), (
    "nn.MultiheadAttention gave weight to the padding keys 3 and 4 of sentence 1: "
    "its key_padding_mask is True where a key is padding")
assert (weights[1, :, :3] > 0).all() and (weights[0] > 0).all(), (
    "a real token got weight 0: only padding keys should be hidden")
print("✓ additive mask = boolean mask (max diff", f"{diff:.1e});",
      "nn.MultiheadAttention ignores the padding keys")
