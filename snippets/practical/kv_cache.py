"""The KV cache: keys and values of every past token, kept while generating."""

# %%
import pandas as pd
from transformers import AutoConfig


def kv_bytes_per_token(cfg, bytes_per_value=2):
    """2 (K and V) x layers x KV heads x head size x bytes (bf16 = 2)."""
    d_k = (getattr(cfg, "head_dim", None)
              or cfg.hidden_size // cfg.num_attention_heads)
    return (2 * cfg.num_hidden_layers * cfg.num_key_value_heads * d_k
            * bytes_per_value)


rows = []
for name, hub_id in {"smollm2-135m": "HuggingFaceTB/SmolLM2-135M-Instruct",
                     "qwen3-0.6b": "Qwen/Qwen3-0.6B",
                     "llama-3-8b": "meta-llama/Meta-Llama-3-8B"}.items():  # gated
    cfg = AutoConfig.from_pretrained(hub_id)
    per_token = kv_bytes_per_token(cfg)
    rows.append({
        "model": name,
        "layers": cfg.num_hidden_layers,
        "query heads": cfg.num_attention_heads,
        "KV heads": cfg.num_key_value_heads,
        "kB per token": per_token / 1e3,
        "GB at 8,192 tokens": round(per_token * 8192 / 1e9, 2),
        # Without grouped-query attention every query head has its own K, V:
        "GB without GQA": round(per_token * 8192 / 1e9 * cfg.num_attention_heads
                                / cfg.num_key_value_heads, 2),
    })
pd.DataFrame(rows).set_index("model")
