"""Exercise: turn a tokenizer's attention_mask into a mask for attention (bug 5)."""

# %%
import torch


def padding_mask(attention_mask: torch.Tensor) -> torch.Tensor:
    """A boolean mask for F.scaled_dot_product_attention, True = may attend.

    attention_mask: (B, n) from a tokenizer, 1 for real tokens, 0 for [PAD].
    Every query of a sequence may attend to the real tokens of that sequence
    only; the result must broadcast against the scores (B, n_h, n, n).
    """
    raise NotImplementedError("your code here")
