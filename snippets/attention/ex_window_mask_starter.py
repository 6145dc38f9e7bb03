"""Exercise: a sliding-window causal mask, as in Mistral's and Gemma's local layers."""

# %%
import torch


def window_mask(n: int, window: int) -> torch.Tensor:
    """(n, n) bool, True = may attend: query i sees the `window` most recent tokens,
    keys i - window + 1 ... i (fewer at the start), and never a later one."""
    raise NotImplementedError("your code here")
