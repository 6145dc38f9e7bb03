"""Moving k positions along rotates every (sin, cos) pair of PE by a fixed angle."""

from snippets.positions.sinusoidal import sinusoidal

# %%
import torch

d_model, k = 8, 3
PE_20 = sinusoidal(20, d_model)                                 # (20, 8)
two_i = torch.arange(0, d_model, 2).float()
omega = 1 / 10000.0 ** (two_i / d_model)                        # (4,) speeds

# One 2x2 rotation by the angle k * omega_i per (sin, cos) pair
R_k = torch.zeros(d_model, d_model)
for i, w in enumerate(omega):
    c, s = torch.cos(k * w), torch.sin(k * w)
    R_k[2 * i:2 * i + 2, 2 * i:2 * i + 2] = torch.tensor([[c, s], [-s, c]])

# The same matrix R_k moves every position m to position m + k:
print("PE[m + k] == R_k PE[m] for every m:",
      torch.allclose(PE_20[k:], PE_20[:-k] @ R_k.T, atol=1e-5))
# Rotations keep dot products, so PE[m] . PE[m + k] depends on k only:
print([round((PE_20[m] @ PE_20[m + k]).item(), 4) for m in (0, 5, 10, 16)])
