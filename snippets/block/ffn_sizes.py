"""How wide real models make their SwiGLU MLP, read from their config files."""

# %%
import pandas as pd

from snippets.models import config_of    # exact configs kept in the repository

rows = []
for name in ("smollm2-135m", "qwen3-0.6b", "llama-3-8b"):    # SwiGLU decoders
    cfg = config_of(name)
    d, ff = cfg.hidden_size, cfg.intermediate_size           # d_model, d_ff
    rows.append({"model": name, "activation": cfg.hidden_act,
                 "d_model": d, "d_ff": ff, "d_ff / d_model": round(ff / d, 2),
                 "MLP weights per layer": f"{3 * d * ff:,}"})
ffn = pd.DataFrame(rows)
ffn
