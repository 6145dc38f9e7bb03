"""Build Qwen3-0.6B's exact architecture on the meta device: every shape, no weights."""

# %%
import torch
from transformers import AutoConfig, AutoModelForCausalLM

config = AutoConfig.from_pretrained("Qwen/Qwen3-0.6B")  # its config.json, no weights
with torch.device("meta"):                   # tensors get shapes, no memory
    model = AutoModelForCausalLM.from_config(config)   # Qwen3ForCausalLM
# With the real weights instead (a download of all of them):
#   model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen3-0.6B")

n_params = sum(p.numel() for p in model.parameters())
print(f"{type(model).__name__} with {n_params:,} parameters")
W = model.model.layers[0].self_attn.q_proj.weight
print("a weight:", tuple(W.shape), "on device", W.device,
      "- a shape without numbers")
