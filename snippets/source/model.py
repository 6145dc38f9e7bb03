"""A tiny Llama with random weights: the real classes, small enough to check."""

# %%
import torch
import transformers
from transformers import LlamaConfig, LlamaForCausalLM

torch.manual_seed(0)
config = LlamaConfig(
    vocab_size=50, hidden_size=32, num_attention_heads=4, num_key_value_heads=2,
    head_dim=8, intermediate_size=64, num_hidden_layers=2,
    attn_implementation="eager",             # the plain-PyTorch attention we read below
)
model = LlamaForCausalLM(config).eval()
model.requires_grad_(False)                  # we only run it: no gradients to track
layer = model.model.layers[0]                # one LlamaDecoderLayer
attn = layer.self_attn                       # its LlamaAttention
print("transformers", transformers.__version__)
print(type(layer).__name__, "->", type(attn).__name__)
print("n_h =", config.num_attention_heads, " n_kv =", config.num_key_value_heads,
      " d_k =", config.head_dim, " d_model =", config.hidden_size)
