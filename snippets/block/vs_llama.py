"""Our decoder block reproduces transformers' LlamaDecoderLayer, same weights."""

from snippets.block.attention import rope_cos_sin
from snippets.block.decoder_block import block

# %%
import torch
from transformers import LlamaConfig
from transformers.models.llama.modeling_llama import (
    LlamaDecoderLayer,
    LlamaRotaryEmbedding,
)

config = LlamaConfig(hidden_size=64, num_attention_heads=4,
                     num_key_value_heads=2, head_dim=16,
                     intermediate_size=176, rms_norm_eps=1e-6,
                     attn_implementation="eager")
torch.manual_seed(5)
hf_layer = LlamaDecoderLayer(config, layer_idx=0).eval()
with torch.no_grad():
    for name, p in hf_layer.named_parameters():
        if "layernorm" in name:        # norms start at 1: randomise them so
            p.uniform_(0.5, 1.5)       # that swapping the two would show

# Our name -> HF's name for the same weight
HF_NAME = {
    "norm_1": "input_layernorm",
    "attn.W_q": "self_attn.q_proj",
    "attn.W_k": "self_attn.k_proj",
    "attn.W_v": "self_attn.v_proj",
    "attn.W_o": "self_attn.o_proj",
    "norm_2": "post_attention_layernorm",
    "mlp.W_gate": "mlp.gate_proj",
    "mlp.W_up": "mlp.up_proj",
    "mlp.W_down": "mlp.down_proj",
}
with torch.no_grad():
    for ours, theirs in HF_NAME.items():
        weight = hf_layer.get_submodule(theirs).weight
        block.get_submodule(ours).weight.copy_(weight)

n = 9
X = torch.randn(2, n, config.hidden_size)        # (batch, n, d_model)
position_ids = torch.arange(n)[None]             # (1, n)
rotary = LlamaRotaryEmbedding(config)
cos_hf, sin_hf = rotary(X, position_ids)         # (1, n, d_k) each
# Eager HF attention adds attention_mask to the scores: 0 sees, -inf hides
causal_mask = torch.full((n, n), float("-inf")).triu(diagonal=1)[None, None]
with torch.no_grad():
    out_hf = hf_layer(X, attention_mask=causal_mask,
                      position_embeddings=(cos_hf, sin_hf))
    cos, sin = rope_cos_sin(n, 16, base=config.rope_parameters["rope_theta"])
    out_ours = block(X, cos, sin)

print("output:", tuple(out_ours.shape))
diff = (out_ours - out_hf).abs().max()
print(f"max |ours - LlamaDecoderLayer| = {diff:.1e}")
print("allclose at 1e-5:", torch.allclose(out_ours, out_hf, atol=1e-5))
