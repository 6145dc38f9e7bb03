"""What a learned position table costs: max_len x d_model parameters."""

# %%
import pandas as pd
import torch
from transformers import AutoConfig, AutoModelForCausalLM, GPT2Config

configs = {"GPT-2 (small)": GPT2Config()}  # defaults = the original GPT-2 (small)
for name, hub_id in {"smollm2-135m": "HuggingFaceTB/SmolLM2-135M-Instruct",
                     "qwen3-0.6b": "Qwen/Qwen3-0.6B",   # RoPE decoders
                     "llama-3-8b": "meta-llama/Meta-Llama-3-8B"}.items():  # gated
    configs[name] = AutoConfig.from_pretrained(hub_id)   # config.json only
rows = []
for name, cfg in configs.items():
    with torch.device("meta"):                 # shapes only, no memory
        n_params = AutoModelForCausalLM.from_config(cfg).num_parameters()
    rows.append({"model": name,
                 "positions": "RoPE (no table)" if getattr(cfg, "rope_parameters", None)
                 else "learned table",
                 "max_len": cfg.max_position_embeddings,
                 "d_model": cfg.hidden_size, "params": n_params})
table = pd.DataFrame(rows)
size = table["max_len"] * table["d_model"]    # one row of d_model per position
table["table: max_len × d_model"] = size.map("{:,} params".format)
table["table / model"] = (size / table["params"]).map("{:.1%}".format)
table.drop(columns="params")
