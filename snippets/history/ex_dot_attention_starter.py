"""Exercise: Luong's dot-product attention over the encoder states, from the formula."""

# %%
import torch


def dot_attention(s: torch.Tensor, H: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """Scores e_j = s h_j^T, weights alpha = softmax(e), context c = sum_j alpha_j h_j.

    s: (d_h,) the decoder state; H: (S, d_h) the encoder states.
    Returns alpha (S,) and c (d_h,).
    """
    raise NotImplementedError("your code here")
