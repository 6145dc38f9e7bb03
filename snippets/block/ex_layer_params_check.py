"""Check: against a Qwen3-0.6B built on the meta device (shapes, no memory)."""

from snippets.block.ex_layer_params_solution import layer_params

# %%
import torch
from transformers import AutoConfig, AutoModelForCausalLM

config = AutoConfig.from_pretrained("Qwen/Qwen3-0.6B")
with torch.device("meta"):
    model = AutoModelForCausalLM.from_config(config)
layer = model.model.layers[0]
real = sum(p.numel() for p in layer.parameters())
guess = layer_params(config)
assert guess == real, (
    f"one layer holds {real:,} parameters, you counted {guess:,} "
    f"(off by {real - guess:,}); compare with layer.named_parameters()")
print(f"✓ one Qwen3-0.6B layer: {real:,} parameters, "
      f"{config.num_hidden_layers} layers: {config.num_hidden_layers * real:,}")
