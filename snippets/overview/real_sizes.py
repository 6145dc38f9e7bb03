"""The same function at real sizes: the settings of three published models."""

from snippets.overview.tiny_model import model, vocab

# %%
import pandas as pd
from transformers import AutoConfig

attn = model.blocks[0].self_attn
rows = {"our TinyLM": {
    "vocab_size": len(vocab), "d_model": model.embed.embedding_dim,
    "blocks": len(model.blocks), "n_h": attn.num_heads, "d_k": attn.head_dim,
    "n_kv": attn.num_heads,            # every head has its own keys and values
    "positions": "learned table", "norm": "LayerNorm",
    "act": "relu", "biases": attn.in_proj_bias is not None,
}}
for name, hub_id in {"smollm2-135m": "HuggingFaceTB/SmolLM2-135M-Instruct",
                     "qwen3-0.6b": "Qwen/Qwen3-0.6B",
                     "llama-3-8b": "meta-llama/Meta-Llama-3-8B"}.items():  # gated
    config = AutoConfig.from_pretrained(hub_id)   # its config.json, a few kB
    rows[name] = {
        "vocab_size": config.vocab_size, "d_model": config.hidden_size,
        "blocks": config.num_hidden_layers,
        "n_h": config.num_attention_heads,
        # most split d_model evenly over the heads; Qwen3 sets head_dim itself
        "d_k": config.head_dim,
        # and the design settings that differ from ours:
        "n_kv": config.num_key_value_heads,       # fewer than n_h: shared K, V
        "positions": "RoPE" if config.rope_parameters else "learned table",
        "norm": "RMSNorm" if hasattr(config, "rms_norm_eps") else "LayerNorm",
        "act": config.hidden_act,                  # the MLP's activation
        "biases": config.attention_bias,
    }
pd.DataFrame.from_dict(rows, orient="index")
