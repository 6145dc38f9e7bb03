"""What GQA saves: the keys and values a model must keep per generated token."""

# ruff: noqa: I001 - the prelude's imports come before the shown part's

from snippets.real_model.load import config

# %%
from snippets.models import config_of


def kv_bytes_per_token(cfg, n_kv: int, bytes_per_number: int = 2) -> int:
    """K and V, for every layer and key/value head, in bfloat16 (2 bytes a number)."""
    d_head = cfg.head_dim or cfg.hidden_size // cfg.num_attention_heads
    return 2 * cfg.num_hidden_layers * n_kv * d_head * bytes_per_number


for name, cfg in [("Qwen3-0.6B", config), ("Llama-3-8B", config_of("llama-3-8b"))]:
    gqa = kv_bytes_per_token(cfg, cfg.num_key_value_heads)
    mha = kv_bytes_per_token(cfg, cfg.num_attention_heads)   # one K/V per query head
    print(f"{name}: {cfg.num_attention_heads} query heads, {cfg.num_key_value_heads} "
          f"K/V heads -> {gqa // 1024} KiB per token instead of {mha // 1024} KiB "
          f"({mha // gqa}x less)")
