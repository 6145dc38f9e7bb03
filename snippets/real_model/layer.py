"""One decoder layer: attention, then a feed-forward network, each after an RMSNorm."""

# ruff: noqa: I001 - the prelude's imports come before the shown part's

from snippets.real_model.core import core

# %%
layer = core.layers[0]
print(layer)
