"""Residual connections: x + f(x) keeps the gradient alive through a deep stack."""

from snippets.block.mlp import MLP

# %%
import pandas as pd
import torch

torch.manual_seed(3)
d, depth = 32, 24
layers = [MLP(d, 4 * d) for _ in range(depth)]   # 24 freshly initialised MLPs


def input_gradient(n_layers, residual):
    """Size of d(loss)/d(input) after n_layers layers, residual or not."""
    x = torch.randn(8, d, generator=torch.Generator().manual_seed(0),
                    requires_grad=True)
    h = x
    for f in layers[:n_layers]:
        h = h + f(h) if residual else f(h)       # the only difference
    h.sum().backward()
    return x.grad.norm().item()


rows = []
for n_layers in (1, 6, 12, 24):
    rows.append({"layers": n_layers,
                 "gradient, plain f(x)": input_gradient(n_layers, False),
                 "gradient, residual x + f(x)": input_gradient(n_layers, True)})
grads = pd.DataFrame(rows).set_index("layers")
grads.map("{:.1e}".format)                     # sizes span 15 powers of ten
