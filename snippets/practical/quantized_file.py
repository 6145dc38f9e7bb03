"""A real 4-bit file is bigger than 0.5 bytes per parameter: scales come along."""

from snippets.practical.load import model

# %%
from snippets.models import gguf_file

path = gguf_file()                              # SmolLM2 as shipped: GGUF, Q4_1
n_params = sum(p.numel() for p in model.parameters())
size = path.stat().st_size
print(f"{path.name}: {size / 1e6:.1f} MB for {n_params / 1e6:.1f}M parameters")
print(f"bits per parameter: {8 * size / n_params:.2f} (pure 4-bit: 4.00)")
