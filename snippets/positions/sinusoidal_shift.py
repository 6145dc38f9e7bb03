"""Moving from position i to j rotates every (sin, cos) pair of PE by a fixed angle."""

from snippets.positions.sinusoidal import sinusoidal

# %%
import torch

d_model, offset = 8, 3                                          # offset = j - i
PE_20 = sinusoidal(20, d_model)                                 # (20, 8)
two_r = torch.arange(0, d_model, 2).float()
theta = 1 / 10000.0 ** (two_r / d_model)                        # (4,) speeds

# One 2x2 rotation by the angle offset * theta_r per (sin, cos) pair r
R_offset = torch.zeros(d_model, d_model)
for r, theta_r in enumerate(theta):
    c, s = torch.cos(offset * theta_r), torch.sin(offset * theta_r)
    R_offset[2 * r:2 * r + 2, 2 * r:2 * r + 2] = torch.tensor([[c, s], [-s, c]])

# The same matrix moves every position i to position j = i + offset:
print("PE[j] == PE[i] @ R_offset.T for every i:",
      torch.allclose(PE_20[offset:], PE_20[:-offset] @ R_offset.T, atol=1e-5))
# Rotations keep dot products, so PE[i] . PE[j] depends on j - i only:
print([round((PE_20[i] @ PE_20[i + offset]).item(), 4) for i in (0, 5, 10, 16)])
