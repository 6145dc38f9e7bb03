"""Solution: one row per sequence, repeated over heads and queries by broadcasting."""

# %%
import torch


def padding_mask(attention_mask: torch.Tensor) -> torch.Tensor:
    """(b, n) of 0/1 -> (b, 1, 1, n) of bool: key k of sequence j is real."""
    return attention_mask.bool()[:, None, None, :]
