"""Exercise: the KV cache's size, from a Hugging Face config."""

# %%
import torch


def kv_cache_bytes_of(config, batch: int, context: int, dtype: torch.dtype) -> int:
    """Bytes a model with this config keeps in its KV cache after `context` tokens
    of `batch` sequences, each value stored as `dtype`. Read the sizes from the
    config's attributes (num_hidden_layers, num_key_value_heads, head_dim)."""
    raise NotImplementedError("your code here")
