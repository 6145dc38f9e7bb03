"""Solution: one row per sequence, repeated over heads and queries by broadcasting."""

# %%
import torch


def padding_mask(attention_mask: torch.Tensor) -> torch.Tensor:
    """(B, n) of 0/1 -> (B, 1, 1, n) of bool: True where key j is a real token."""
    return attention_mask.bool()[:, None, None, :]
