"""Inside one block: n_h attention heads work side by side, then are merged into one."""

from snippets.overview.shapes import B, ids, model, n

# %%
import torch
from torch import nn

block = model.blocks[0]
attn = block.self_attn  # PyTorch's nn.MultiheadAttention
d_model, n_h = attn.embed_dim, attn.num_heads
d_k = d_model // n_h    # each head works in d_k dimensions
print(f"d_model = {d_model}, n_h = {n_h} heads of d_k = {d_k}")

with torch.no_grad():
    x = model.embed(ids) + model.pos(torch.arange(n))  # (B, n, d_model)
    h = block.norm1(x)                                 # the block normalises first
    mask = nn.Transformer.generate_square_subsequent_mask(n)
    out, weights = attn(h, h, h, attn_mask=mask, average_attn_weights=False)
    print("attention weights", tuple(weights.shape), "(B, n_h, n, n)")

    # Merge by hand: each head mixes its own slice of the values ...
    W_v = attn.in_proj_weight[2 * d_model :].T  # stored as W_v^T, as nn.Linear does
    b_v = attn.in_proj_bias[2 * d_model :]
    V = (h @ W_v + b_v).view(B, n, n_h, d_k).transpose(1, 2)  # (B,n_h,n,d_k)
    heads = weights @ V                                       # (B, n_h, n, d_k)
    # ... then the heads are laid side by side and mixed by one matrix W_o.
    merged = heads.transpose(1, 2).reshape(B, n, n_h * d_k)  # (B, n, d_model)
    by_hand = attn.out_proj(merged)                          # (B, n, d_model)

print("heads", tuple(heads.shape), "-> merged", tuple(merged.shape),
      "-> W_o", tuple(by_hand.shape))
print("merged by hand = nn.MultiheadAttention:",
      torch.allclose(by_hand, out, atol=1e-6))
