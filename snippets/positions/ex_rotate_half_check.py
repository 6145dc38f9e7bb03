"""Check: the same rotated queries and keys as Llama's code in transformers."""

from snippets.positions.ex_rotate_half_solution import apply_rope, rotate_half

# %%
import torch
from transformers import LlamaConfig
from transformers.models.llama import modeling_llama

n_h, n, d_k = 2, 9, 16
config = LlamaConfig(hidden_size=n_h * d_k, num_attention_heads=n_h, head_dim=d_k)
base = config.rope_parameters["rope_theta"]
torch.manual_seed(3)
Q, K = torch.randn(2, 1, n_h, n, d_k).unbind(0)          # (batch, n_h, n, d_k)
x = torch.arange(4.0)
assert torch.equal(rotate_half(x), modeling_llama.rotate_half(x)), (
    f"rotate_half([0, 1, 2, 3]) should be [-2, -3, 0, 1], got {rotate_half(x).tolist()}"
)
positions = torch.arange(n)
cos, sin = modeling_llama.LlamaRotaryEmbedding(config)(Q, positions[None])
Q_hf, K_hf = modeling_llama.apply_rotary_pos_emb(Q, K, cos, sin)
diff = max((apply_rope(Q, positions, base) - Q_hf).abs().max().item(),
        (apply_rope(K, positions, base) - K_hf).abs().max().item())
assert diff < 1e-5, (
    f"your rotated queries or keys differ from transformers' by {diff:.1e}")
print("✓ matches LlamaRotaryEmbedding + apply_rotary_pos_emb, max diff", f"{diff:.1e}")
