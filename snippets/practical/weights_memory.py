"""Memory for the weights alone: parameter count times bytes per parameter."""

from snippets.practical.load import model

# %%
import pandas as pd
import torch
from transformers import AutoConfig, AutoModelForCausalLM

BYTES_PER_PARAM = {"fp32": 4, "bf16": 2, "int8": 1, "4-bit": 0.5}
rows = []
for name, hub_id in {"smollm2-135m": "HuggingFaceTB/SmolLM2-135M-Instruct",
                     "qwen3-0.6b": "Qwen/Qwen3-0.6B",
                     "llama-3-8b": "meta-llama/Meta-Llama-3-8B"}.items():  # gated
    with torch.device("meta"):    # exact architecture, no memory for weights
        m = AutoModelForCausalLM.from_config(AutoConfig.from_pretrained(hub_id))
    n = sum(p.numel() for p in m.parameters())   # tied weights counted once
    row = {"model": name, "parameters": f"{n / 1e9:.3f} B"}
    for dtype, b in BYTES_PER_PARAM.items():
        row[f"{dtype} GB"] = round(n * b / 1e9, 2)
    rows.append(row)

# Check against the real SmolLM2 in memory (float32): same count, same bytes.
real = sum(p.numel() * p.element_size() for p in model.parameters())
print(f"loaded SmolLM2 weights: {real / 1e9:.2f} GB of float32")
pd.DataFrame(rows).set_index("model")
