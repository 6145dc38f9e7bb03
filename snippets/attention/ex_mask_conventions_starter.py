"""Exercise: the same padding mask in the two other conventions PyTorch code uses."""

# %%
import torch


def key_padding_mask(lengths: list[int], n: int) -> torch.Tensor:
    """(batch, n) bool for nn.MultiheadAttention: True where the key is PADDING
    (to be ignored): the opposite of this page's True = may attend."""
    raise NotImplementedError("your code here")


def additive_mask(mask: torch.Tensor) -> torch.Tensor:
    """This page's boolean mask (True = may attend) as a float mask that is added
    to the scores: 0.0 where attending is allowed, -inf where it is not."""
    raise NotImplementedError("your code here")
