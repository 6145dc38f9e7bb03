"""Sinusoidal positional encoding (2017): fixed sin/cos waves added to each token."""

from snippets.positions.permutation import X, perm, self_attention

# %%
import torch


def sinusoidal(n_positions, d_model, base=10000.0):
    """PE[i, 2r] = sin(i / base^(2r/d_model)), PE[i, 2r+1] = cos(...)."""
    i = torch.arange(n_positions).float()[:, None]    # (n, 1): the positions
    two_r = torch.arange(0, d_model, 2).float()       # 0, 2, 4, ...
    angle = i / base ** (two_r / d_model)             # (n, d_model/2)
    PE = torch.zeros(n_positions, d_model)
    PE[:, 0::2] = angle.sin()                         # even features
    PE[:, 1::2] = angle.cos()                         # odd features
    return PE


PE = sinusoidal(6, d_model=8)                         # (6, 8), no parameters
print(PE.round(decimals=2).numpy())               # numpy prints compactly

# Add PE by position: the shuffled sentence gets different position vectors.
shuffled = self_attention(X[perm] + PE)               # tokens move, PE stays
same = torch.allclose(shuffled, self_attention(X + PE)[perm], atol=1e-6)
print("with PE, shuffling the input just shuffles the output:", same)
