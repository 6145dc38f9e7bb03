"""One decoder layer: attention, then a feed-forward network, each after an RMSNorm."""

from snippets.real_model.core import core

# %%
layer = core.layers[0]
print(layer)
