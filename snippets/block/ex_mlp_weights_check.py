"""Check: your function on the weights of transformers' Qwen3MLP = the module itself."""

from snippets.block.ex_mlp_weights_solution import swiglu

# %%
import torch
from transformers import AutoConfig
from transformers.models.qwen3.modeling_qwen3 import Qwen3MLP

# Qwen3-0.6B's MLP settings, narrower so that it builds at once.
config = AutoConfig.from_pretrained("Qwen/Qwen3-0.6B", hidden_size=64,
                                    intermediate_size=176)
torch.manual_seed(0)
mlp = Qwen3MLP(config)
x = torch.randn(2, 5, config.hidden_size)
with torch.no_grad():
    ours = swiglu(x, mlp.gate_proj.weight, mlp.up_proj.weight, mlp.down_proj.weight)
    theirs = mlp(x)
assert ours.shape == theirs.shape, (
    f"expected shape {tuple(theirs.shape)}, got {tuple(ours.shape)}")
d = (ours - theirs).abs().max().item()
assert d < 1e-5, f"your MLP differs from Qwen3MLP by {d:.1e}"
print(f"✓ matches Qwen3MLP ({config.hidden_act}), max diff {d:.1e}")
