"""What a learned position table costs: max_len x d_model parameters."""

# %%
import pandas as pd
from transformers import AutoConfig, GPT2Config

gpt2 = GPT2Config()                     # defaults = the original GPT-2 (small)
rows = [{"model": "GPT-2 (small)", "positions": "learned table",
         "max_len": gpt2.n_positions, "d_model": gpt2.n_embd}]
for name, hub_id in {"smollm2-135m": "HuggingFaceTB/SmolLM2-135M-Instruct",
                     "qwen3-0.6b": "Qwen/Qwen3-0.6B",   # RoPE decoders
                     "llama-3-8b": "meta-llama/Meta-Llama-3-8B"}.items():  # gated
    cfg = AutoConfig.from_pretrained(hub_id)   # config.json only
    rows.append({"model": name, "positions": "RoPE (no table)",
                 "max_len": cfg.max_position_embeddings,
                 "d_model": cfg.hidden_size})
table = pd.DataFrame(rows)
size = table["max_len"] * table["d_model"]    # one row of d_model per position
table["table: max_len × d_model"] = size.map("{:,} params".format)
table
