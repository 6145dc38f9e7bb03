"""Residual Jacobians multiply too: why the product of the I + J_l grows only slowly."""

from snippets.block.residual import d, layers

# %%
import pandas as pd
import torch
from torch.autograd.functional import jacobian


def size(M):
    """The most the matrix M stretches any vector (its spectral norm)."""
    return torch.linalg.matrix_norm(M, ord=2).item()


eye = torch.eye(d)                                     # I, (d, d)
x = torch.randn(d, generator=torch.Generator().manual_seed(0))  # one token
plain, resid = eye, eye       # d x_l / d x_0 for f(x) and for x + f(x)
worst = 1.0                   # the residual product if every J_l lined up
h_plain, h_resid = x, x
rows = []
for layer, f in enumerate(layers, start=1):
    J_plain = jacobian(f, h_plain)                     # (d, d): f alone
    J_l = jacobian(f, h_resid)                         # (d, d)
    plain = J_plain @ plain                            # chain rule: multiply
    resid = (eye + J_l) @ resid                        # each factor is I + J_l
    worst *= 1 + size(J_l)
    h_plain, h_resid = f(h_plain), h_resid + f(h_resid)
    if layer in (1, 6, 12, 24):
        rows.append({"layers": layer, "‖J_l‖": size(J_l),
                     "‖product‖, plain": size(plain),
                     "‖product‖, residual": size(resid),
                     "worst case ∏(1 + ‖J_l‖)": worst})
jacobians = pd.DataFrame(rows).set_index("layers")
jacobians.map("{:.1e}".format)
