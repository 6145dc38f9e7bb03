"""Exercise: top-p (nucleus) filtering of the next token's logits."""

# %%
import torch


def top_p_filter(z: torch.Tensor, top_p: float) -> torch.Tensor:
    """Keep the smallest set of likeliest tokens whose probabilities add up to
    at least top_p; set every other logit to -inf.

    z: (vocab,) logits. Returns (vocab,) logits; sampling from their softmax
    then draws only from the kept tokens.
    """
    raise NotImplementedError("your code here")
