"""Solution: sort; keep a token while the likelier ones hold less than top_p."""

# %%
import torch


def top_p_filter(z: torch.Tensor, top_p: float) -> torch.Tensor:
    """-inf for every token outside the nucleus of probability top_p."""
    probs, order = z.softmax(dim=-1).sort(descending=True)   # (vocab,) each
    above = probs.cumsum(dim=-1) - probs      # mass of the likelier tokens
    keep = torch.zeros_like(z, dtype=torch.bool)
    keep[order] = above < top_p                # back to vocabulary order
    return z.masked_fill(~keep, float("-inf"))
