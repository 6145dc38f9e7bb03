"""Initialisation: the scale W_q and W_k start at decides what attention can learn."""

# %%
import math

import pandas as pd
import torch

n, d_model, d_k = 16, 64, 64
gen = torch.Generator().manual_seed(0)
X = torch.randn(n, d_model, generator=gen)     # (n, d_model): entries of size 1
target = torch.randn(n, d_k, generator=gen)    # a stand-in for what training wants
W_v = torch.randn(d_model, d_k, generator=gen) / d_model**0.5  # the usual scale


def start_at(std):
    """Start W_q and W_k at this std; measure the weights and the gradients."""
    gen = torch.Generator().manual_seed(1)
    W_q = (std * torch.randn(d_model, d_k, generator=gen)).requires_grad_()
    W_k = (std * torch.randn(d_model, d_k, generator=gen)).requires_grad_()
    scores = (X @ W_q) @ (X @ W_k).T / d_k**0.5          # (n, n)
    scores.retain_grad()                                 # keep dL/dscores too
    A = scores.softmax(dim=-1)                           # (n, n)
    loss = ((A @ (X @ W_v) - target) ** 2).mean()
    loss.backward()
    p = A.detach()                                       # each row a distribution
    entropy = -(p * p.clamp_min(1e-30).log()).sum(dim=-1)  # log n: even spread
    return {"std of W_q, W_k": std,
            "top weight": p.max(dim=-1).values.mean().item(),  # 1/n .. 1
            "entropy / log n": (entropy / math.log(n)).mean().item(),
            "‖∂L/∂scores‖": scores.grad.norm().item(),
            "‖∂L/∂W_q‖": W_q.grad.norm().item()}


scales = {"zero": 0.0, "near 0": 0.1 / d_model**0.5,
          "1/√d_model": 1 / d_model**0.5, "too large": 10 / d_model**0.5}
init = pd.DataFrame({name: start_at(std) for name, std in scales.items()}).T
init.map("{:.2g}".format)
