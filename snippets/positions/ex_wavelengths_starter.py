"""Exercise: how many tokens each RoPE pair needs for one full turn, from a config."""

# %%
import torch


def wavelengths(config) -> torch.Tensor:
    """(d_k / 2,): 2 pi / theta_r for each pair r = 0, 1, ..., d_k/2 - 1, where
    theta_r = base^(-2r/d_k). Take d_k from config.head_dim and the base from
    config.rope_parameters["rope_theta"]."""
    raise NotImplementedError("your code here")
