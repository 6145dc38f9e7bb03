"""What GQA saves: the keys and values a model must keep per generated token."""

from snippets.real_model.load import config

# %%
from transformers import AutoConfig


def kv_bytes_per_token(cfg, n_kv: int, bytes_per_number: int = 2) -> int:
    """K and V for every layer and K/V head, in bfloat16 (2 bytes a number)."""
    d_k = cfg.head_dim or cfg.hidden_size // cfg.num_attention_heads
    return 2 * cfg.num_hidden_layers * n_kv * d_k * bytes_per_number


llama_config = AutoConfig.from_pretrained("meta-llama/Meta-Llama-3-8B")
print(f"{'model':<11} {'heads':>5} {'K/V heads':>9} {'KV cache/token':>14} "
      f"{'without GQA':>11}")
for name, cfg in [("Qwen3-0.6B", config), ("Llama-3-8B", llama_config)]:
    n_h, n_kv = cfg.num_attention_heads, cfg.num_key_value_heads
    gqa = kv_bytes_per_token(cfg, n_kv)
    mha = kv_bytes_per_token(cfg, n_h)     # one K/V head per query head
    print(f"{name:<11} {n_h:>5} {n_kv:>9} {gqa / 1e3:>11.1f} kB "
          f"{mha / 1e3:>8.1f} kB")
