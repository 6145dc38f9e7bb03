"""Check: against the speeds Qwen3's rotary embedding in transformers uses."""

from snippets.positions.ex_wavelengths_solution import wavelengths

# %%
import math

from transformers import AutoConfig
from transformers.models.qwen3.modeling_qwen3 import Qwen3RotaryEmbedding

config = AutoConfig.from_pretrained("Qwen/Qwen3-0.6B")
ours = wavelengths(config)
theirs = 2 * math.pi / Qwen3RotaryEmbedding(config).inv_freq  # inv_freq = theta_r
assert ours.shape == theirs.shape, (
    f"expected one wavelength per pair, shape {tuple(theirs.shape)}, "
    f"got {tuple(ours.shape)}")
rel = ((ours - theirs).abs() / theirs).max().item()
assert rel < 1e-5, f"your wavelengths differ from Qwen3's by up to {rel:.1e} (relative)"
longer = (ours > config.max_position_embeddings).sum().item()
print(f"✓ matches Qwen3RotaryEmbedding; fastest pair: {ours[0]:.2f} tokens per turn, "
      f"slowest: {ours[-1]:,.0f}; {longer} of {len(ours)} pairs turn less than once "
      f"in its {config.max_position_embeddings:,} positions")
