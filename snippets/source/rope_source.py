"""apply_rotary_pos_emb and rotate_half, as installed: RoPE on pairs (j, j + d_k/2)."""

from snippets.source.listing import annotated

# %%
from transformers.models.llama.modeling_llama import apply_rotary_pos_emb, rotate_half

annotated(apply_rotary_pos_emb, {
    "cos = cos.unsqueeze(":
        "cos(m θ_j) for each position m and pair j, broadcast over the heads",
    "q_embed = (q * cos) + (rotate_half(q) * sin)":
        "each pair rotated by its angle: q R_m",
    "k_embed = (k * cos) + (rotate_half(k) * sin)":
        "the same rotation for the keys: k R_n",
})
annotated(rotate_half, {
    "x1 = x[..., : x.shape[-1] // 2]":
        "first members of the pairs: features 0 … d_k/2 − 1",
    "x2 = x[..., x.shape[-1] // 2 :]": "their partners: features d_k/2 … d_k − 1",
    "torch.cat((-x2, x1), dim=-1)":
        "(x1, x2) -> (−x2, x1): with cos and sin, a 2-D rotation",
})
