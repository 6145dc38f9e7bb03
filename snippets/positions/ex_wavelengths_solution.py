"""Solution: the speeds theta_r of the page's rope(), turned into tokens per turn."""

# %%
import math

import torch


def wavelengths(config) -> torch.Tensor:
    d_k, base = config.head_dim, config.rope_parameters["rope_theta"]
    theta = 1 / base ** (torch.arange(0, d_k, 2).float() / d_k)   # (d_k/2,)
    return 2 * math.pi / theta
