"""Exercise: turn a tokenizer's attention_mask into a mask for attention (bug 5)."""

# %%
import torch


def padding_mask(attention_mask: torch.Tensor) -> torch.Tensor:
    """A boolean mask for F.scaled_dot_product_attention, True = may attend.

    attention_mask: (b, n) from a tokenizer, 1 for real tokens, 0 for [PAD].
    Every query of sequence j may attend to the real tokens of sequence j
    only; the result must broadcast against the scores (b, n_h, n, n).
    """
    raise NotImplementedError("your code here")
