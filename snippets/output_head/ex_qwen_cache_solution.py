"""Solution: 2 x layers x K/V heads x head_dim x positions x bytes."""

# %%


def kv_cache_bytes(config, n_tokens: int, bytes_per_value: int = 2) -> int:
    """Qwen3's head_dim (128) is not hidden_size / num_attention_heads (64)."""
    d_k = getattr(config, "head_dim", None) or (
        config.hidden_size // config.num_attention_heads)
    per_token = 2 * config.num_hidden_layers * config.num_key_value_heads * d_k
    return n_tokens * per_token * bytes_per_value
