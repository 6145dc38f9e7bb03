"""Solution: K and V, per layer, per K/V head, per token, a d_k vector."""

# %%
import torch


def kv_cache_bytes_of(config, batch: int, context: int, dtype: torch.dtype) -> int:
    n_layers, n_kv = config.num_hidden_layers, config.num_key_value_heads
    d_k = config.head_dim
    return 2 * n_layers * n_kv * d_k * batch * context * dtype.itemsize
