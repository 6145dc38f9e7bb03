"""The core, model.model: the children it holds, in the order data flows."""

# ruff: noqa: I001 - the prelude's imports come before the shown part's

from snippets.real_model.load import model

# %%
core = model.model          # Qwen3Model: everything but the output head
for name, child in core.named_children():
    print(f"{name:>12}: {type(child).__name__}")
print("number of layers:", len(core.layers))
# All layers are built alike; only their (future) weights differ.
print("all layers identical in structure:",
      all(str(layer) == str(core.layers[0]) for layer in core.layers))
