"""The attention module: four projections, and a norm for queries and keys."""

from snippets.real_model.layer import layer

# %%
attn = layer.self_attn
print(attn)
