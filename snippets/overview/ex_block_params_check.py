"""Check: the count against the parameters nn.TransformerEncoderLayer allocates."""

from snippets.overview.ex_block_params_solution import block_params

# %%
from torch import nn

for d_model, n_h, d_ff in [(32, 4, 128), (512, 8, 2048), (64, 1, 100)]:
    layer = nn.TransformerEncoderLayer(d_model, n_h, dim_feedforward=d_ff)
    real = sum(p.numel() for p in layer.parameters())
    guess = block_params(d_model, d_ff)
    assert guess == real, (
        f"d_model={d_model}, d_ff={d_ff}: the layer has {real:,} parameters, "
        f"not {guess}")
print(f"✓ matches nn.TransformerEncoderLayer; our blocks (32, 128): "
      f"{block_params(32, 128):,}; the original Transformer's (512, 2048): "
      f"{block_params(512, 2048):,}")
