"""A real 4-bit file is bigger than 0.5 bytes per parameter: scales come along."""

from snippets.practical.load import gguf, model, path

# %%
import os

import pandas as pd
from gguf import GGUFReader

size = os.path.getsize(path)          # the GGUF file loaded above, in Q4_1 format
n_params = sum(p.numel() for p in model.parameters())
print(f"{gguf}: {size / 1e6:.1f} MB for {n_params / 1e6:.1f}M parameters")
print(f"bits per parameter: {8 * size / n_params:.2f} (pure 4-bit: 4.00)")

# What the file holds, by storage type: not every tensor is 4-bit
rows = {}
for t in GGUFReader(path).tensors:
    row = rows.setdefault(t.tensor_type.name, {"tensors": 0, "params": 0, "bytes": 0})
    row["tensors"] += 1
    row["params"] += int(t.n_elements)
    row["bytes"] += int(t.n_bytes)
    row.setdefault("example", t.name)
types = pd.DataFrame.from_dict(rows, orient="index").sort_values("params")[::-1]
types["bits per param"] = (8 * types["bytes"] / types["params"]).round(2)
types
