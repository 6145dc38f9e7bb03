"""Solution: the causal triangle minus everything more than window - 1 steps back."""

# %%
import torch


def window_mask(n: int, window: int) -> torch.Tensor:
    """Keep key j for query i when 0 <= i - j < window."""
    i = torch.arange(n)[:, None]     # (n, 1): query positions
    j = torch.arange(n)[None, :]     # (1, n): key positions
    return (i - j >= 0) & (i - j < window)
