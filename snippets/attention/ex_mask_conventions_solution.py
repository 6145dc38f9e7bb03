"""Solution: flip the booleans for nn.MultiheadAttention; 0 or -inf to add to scores."""

# %%
import torch


def key_padding_mask(lengths: list[int], n: int) -> torch.Tensor:
    """True at positions >= the sentence's length."""
    return torch.arange(n)[None, :] >= torch.tensor(lengths)[:, None]  # (batch, n)


def additive_mask(mask: torch.Tensor) -> torch.Tensor:
    """exp(score + 0) keeps a key; exp(score - inf) = 0 drops it."""
    zeros = torch.zeros(mask.shape)
    return zeros.masked_fill(~mask, float("-inf"))
