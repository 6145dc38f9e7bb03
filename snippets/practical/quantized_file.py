"""A real 4-bit file is bigger than 0.5 bytes per parameter: scales come along."""

from snippets.practical.load import gguf, model, path

# %%
import os

size = os.path.getsize(path)          # the GGUF file loaded above, in Q4_1 format
n_params = sum(p.numel() for p in model.parameters())
print(f"{gguf}: {size / 1e6:.1f} MB for {n_params / 1e6:.1f}M parameters")
print(f"bits per parameter: {8 * size / n_params:.2f} (pure 4-bit: 4.00)")
