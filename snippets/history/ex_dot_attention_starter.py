"""Exercise: Luong's dot-product attention over the encoder states, from the formula."""

# %%
import torch


def dot_attention(q: torch.Tensor, X_enc: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """Scores s_j = q h_j^T, weights a = softmax(s), context y = sum_j a_j h_j.

    q: (d_h,) the decoder state; X_enc: (n, d_h) the encoder states h_j as rows.
    Returns a (n,) and y (d_h,).
    """
    raise NotImplementedError("your code here")
