"""What the cache costs: K and V for every layer, K/V head and position."""

from snippets.output_head.kv_cache import outputs
from snippets.output_head.load import cfg, model

# %%
import torch

with torch.no_grad():
    cache = model(outputs[True], use_cache=True).past_key_values
n = outputs[True].shape[1]                          # positions in the cache
layer0 = cache.layers[0]
print("one layer's keys:", tuple(layer0.keys.shape),
      "= (batch, K/V heads, positions, d_k)")
measured = sum(t.numel() * t.element_size()
               for layer in cache.layers for t in (layer.keys, layer.values))
# 2 (K and V) x layers x K/V heads x d_k x 4 bytes (float32), per position
d_k = cfg.hidden_size // cfg.num_attention_heads
per_position = 2 * cfg.num_hidden_layers * cfg.num_key_value_heads * d_k * 4
print(f"{n} positions: {measured:,} bytes measured, {n} x {per_position:,} = "
      f"{n * per_position:,} by the formula")
