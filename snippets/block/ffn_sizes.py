"""How wide real models make their SwiGLU MLP, read from their config files."""

# %%
import pandas as pd
from transformers import AutoConfig

# SwiGLU decoders: the short names this guide uses, and their hub ids
DECODERS = {"smollm2-135m": "HuggingFaceTB/SmolLM2-135M-Instruct",
            "qwen3-0.6b": "Qwen/Qwen3-0.6B",
            "llama-3-8b": "meta-llama/Meta-Llama-3-8B"}   # gated: log in first
rows = []
for name, hub_id in DECODERS.items():
    cfg = AutoConfig.from_pretrained(hub_id)      # config.json only, a few kB
    d, ff = cfg.hidden_size, cfg.intermediate_size           # d_model, d_ff
    rows.append({"model": name, "activation": cfg.hidden_act,
                 "d_model": d, "d_ff": ff, "d_ff / d_model": round(ff / d, 2),
                 "MLP weights per layer": f"{3 * d * ff:,}"})
ffn = pd.DataFrame(rows)
ffn
