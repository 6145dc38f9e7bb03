"""Follow a batch through the three stages by its shape (meta tensors run too)."""

from snippets.real_model.load import model

# %%
import torch

stages = {"1 embed_tokens": model.model.embed_tokens,
          "2 layers[0]": model.model.layers[0],
          "2 layers[-1]": model.model.layers[-1],
          "2 norm": model.model.norm,
          "3 lm_head": model.lm_head}
shapes = {}


def record(name: str):
    """A forward hook that stores the shape of what the module returns."""
    def hook(module, inputs, output):
        out = output[0] if isinstance(output, tuple) else output
        shapes[name] = tuple(out.shape)
    return hook


hooks = [m.register_forward_hook(record(name)) for name, m in stages.items()]

# The input goes where the weights are: meta here, the CPU for real weights
input_ids = torch.zeros(1, 6, dtype=torch.long, device=model.device)  # (1, n)
with torch.no_grad():
    logits = model(input_ids=input_ids).logits   # on meta: shapes, no arithmetic
for hook in hooks:
    hook.remove()

print(f"{'input_ids':>15}: {tuple(input_ids.shape)}")
for name, shape in shapes.items():
    print(f"{name:>15}: {shape}")
print("lm_head shares its weight with embed_tokens (tied):",
      model.lm_head.weight is model.model.embed_tokens.weight)
