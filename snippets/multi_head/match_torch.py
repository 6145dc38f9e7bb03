"""Our module equals torch.nn.MultiheadAttention once both hold the same weights."""

from snippets.multi_head.mha_module import X, mha

# %%
import torch
from torch import nn

torch_mha = nn.MultiheadAttention(512, num_heads=8, batch_first=True)
# PyTorch stacks W_q, W_k, W_v into one (3 d_model, d_model) matrix.
W_qkv = torch.cat([mha.W_q.weight, mha.W_k.weight, mha.W_v.weight])
b_qkv = torch.cat([mha.W_q.bias, mha.W_k.bias, mha.W_v.bias])
with torch.no_grad():
    torch_mha.in_proj_weight.copy_(W_qkv)
    torch_mha.in_proj_bias.copy_(b_qkv)
    torch_mha.out_proj.weight.copy_(mha.W_o.weight)
    torch_mha.out_proj.bias.copy_(mha.W_o.bias)

ours, w_ours = mha(X)
# average_attn_weights=False: return each head's weights, not their mean
theirs, w_theirs = torch_mha(X, X, X, average_attn_weights=False)
print(f"no mask: max |out diff| = {(ours - theirs).abs().max():.1e}, "
      f"max |weight diff| = {(w_ours - w_theirs).abs().max():.1e}")

# Careful: in nn.MultiheadAttention, True in a boolean attn_mask means "hidden",
# the opposite of our mask (and of F.scaled_dot_product_attention's).
causal = torch.ones(20, 20, dtype=torch.bool).tril()       # True = may attend
ours_c, _ = mha(X, mask=causal)
theirs_c, _ = torch_mha(X, X, X, attn_mask=~causal)
print(f"causal:  max |out diff| = {(ours_c - theirs_c).abs().max():.1e}")
print("equal at atol 1e-5:", torch.allclose(ours, theirs, atol=1e-5)
      and torch.allclose(ours_c, theirs_c, atol=1e-5))
