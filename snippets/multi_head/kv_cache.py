"""KV-cache size of real models at a few context lengths, with GQA and with full MHA."""

# %%
import pandas as pd
import torch
from transformers import AutoConfig, AutoModelForCausalLM


def kv_cache_bytes(n_layers: int, n_kv: int, d_k: int, context: int,
                   bytes_per_value: int = 2) -> int:
    """Bytes for K and V: a d_k vector per layer, K/V head and token."""
    return 2 * n_layers * n_kv * d_k * context * bytes_per_value


contexts = {"1k": 1_024, "8k": 8_192, "32k": 32_768}
MB = 10**6                        # decimal units, as everywhere in the guide
rows = []
for name, hub_id in {"smollm2-135m": "HuggingFaceTB/SmolLM2-135M-Instruct",
                     "qwen3-0.6b": "Qwen/Qwen3-0.6B",
                     "llama-3-8b": "meta-llama/Meta-Llama-3-8B"}.items():  # gated
    config = AutoConfig.from_pretrained(hub_id)    # its config.json, a few kB
    n_layers = config.num_hidden_layers
    n_h = config.num_attention_heads
    d_k = config.head_dim                 # d_model / n_h, unless set (Qwen3)
    with torch.device("meta"):            # shapes only: count the weights
        n_params = AutoModelForCausalLM.from_config(config).num_parameters()
    # The model as published (GQA), then the same model if every query head
    # had its own K and V head (MHA).
    for kind, n_kv in (("GQA", config.num_key_value_heads), ("MHA", n_h)):
        row = {"model": name, "attention": kind, "layers": n_layers,
               "query heads": n_h, "KV heads": n_kv, "d_k": d_k,
               "context window": config.max_position_embeddings}  # longest input
        for label, context in contexts.items():
            size = kv_cache_bytes(n_layers, n_kv, d_k, context)  # bf16
            row[f"{label} tokens (MB)"] = size / MB
        row["weights as published (MB)"] = n_params * 2 / MB   # bf16 too
        rows.append(row)

table = pd.DataFrame(rows).set_index(["model", "attention"])
gqa = table.xs("GQA", level="attention")        # the models as published
cache_share = gqa["32k tokens (MB)"] / gqa["weights as published (MB)"]
table.round(1)
