"""Our RoPE against transformers' Llama RoPE, which pairs feature j with j + d/2."""

from snippets.positions.rope import rope

# %%
import torch
from transformers import LlamaConfig
from transformers.models.llama.modeling_llama import (
    LlamaRotaryEmbedding,
    apply_rotary_pos_emb,
)

n_h, n, d_k = 2, 7, 16
config = LlamaConfig(hidden_size=n_h * d_k, num_attention_heads=n_h,
                     head_dim=d_k)
base = config.rope_parameters["rope_theta"]
torch.manual_seed(2)
Q = torch.randn(1, n_h, n, d_k)               # (batch, n_h, n, d_k)
K = torch.randn(1, n_h, n, d_k)

position_ids = torch.arange(n)[None]             # (1, n)
rotary = LlamaRotaryEmbedding(config)
cos, sin = rotary(Q, position_ids)               # (1, n, d_k) each
Q_hf, K_hf = apply_rotary_pos_emb(Q, K, cos, sin)    # "rotate_half" layout

# HF rotates (x[r], x[r + d_k/2]) together, we rotate (x[2r], x[2r+1]).
# Reorder the features as [0, 8, 1, 9, ...] and both are the same rotation:
half = torch.arange(d_k // 2)
to_pairs = torch.stack([half, half + d_k // 2], dim=-1).flatten()
print("feature order:", to_pairs.tolist())
Q_ours = rope(Q[..., to_pairs], torch.arange(n), base)
K_ours = rope(K[..., to_pairs], torch.arange(n), base)
print("queries match:", torch.allclose(Q_ours, Q_hf[..., to_pairs], atol=1e-6))
print("keys match:   ", torch.allclose(K_ours, K_hf[..., to_pairs], atol=1e-6))

# Reordering q and k alike leaves every dot product, so every score, unchanged
scores_ours = Q_ours @ K_ours.transpose(-2, -1)  # (1, n_h, n, n)
scores_hf = Q_hf @ K_hf.transpose(-2, -1)
print(f"max |score difference| = {(scores_ours - scores_hf).abs().max():.1e}")
