"""How wide real models make their SwiGLU MLP, read from their config files."""

# %%
import json
from pathlib import Path

import pandas as pd

import snippets

rows = []
for path in sorted(Path(snippets.__file__).parent.glob("model_configs/*.json")):
    cfg = json.loads(path.read_text())
    d, ff = cfg["hidden_size"], cfg["intermediate_size"]   # d_model, d_ff
    rows.append({"model": path.stem, "activation": cfg["hidden_act"],
                 "d_model": d, "d_ff": ff, "d_ff / d_model": round(ff / d, 2),
                 "MLP weights per layer": f"{3 * d * ff:,}"})
ffn = pd.DataFrame(rows)
ffn
