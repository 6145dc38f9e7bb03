"""Masks say which keys each query may see: True = may attend, False = hidden."""

# %%
import torch


def causal_mask(n: int) -> torch.Tensor:
    """(n, n): query i sees keys 0..i, never a later token."""
    return torch.ones(n, n, dtype=torch.bool).tril()


def padding_mask(lengths: list[int], n: int) -> torch.Tensor:
    """(batch, 1, n): keys past each sentence's length are padding: hidden."""
    positions = torch.arange(n)                           # (n,)
    real = positions < torch.tensor(lengths)[:, None]     # (batch, n)
    return real[:, None, :]               # broadcasts over every query row


print("causal, 4 tokens:")
print(causal_mask(4).int())
# Two sentences of 4 and 2 real tokens, padded to 4; one row per sentence:
print("padding, lengths 4 and 2:")
print(padding_mask([4, 2], 4)[:, 0].int())
