"""The attention module: four projections, and a norm for queries and keys."""

# ruff: noqa: I001 - the prelude's imports come before the shown part's

from snippets.real_model.layer import layer

# %%
attn = layer.self_attn
print(attn)
