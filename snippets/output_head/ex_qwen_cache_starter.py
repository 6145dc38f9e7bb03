"""Exercise: the KV cache of another model, from its config alone."""

# %%
from transformers import AutoConfig

qwen = AutoConfig.from_pretrained("Qwen/Qwen3-0.6B")      # config.json only
print({k: getattr(qwen, k) for k in ("num_hidden_layers", "hidden_size",
       "num_attention_heads", "num_key_value_heads", "head_dim")})


def kv_cache_bytes(config, n_tokens: int, bytes_per_value: int = 2) -> int:
    """Bytes of the KV cache for n_tokens positions (batch 1) in bf16:
    K and V for every layer, K/V head and position, d_k numbers each.
    Careful: read d_k from the config, do not assume it."""
    raise NotImplementedError("your code here")
