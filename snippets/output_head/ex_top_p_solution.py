"""Solution: sort; keep a token while the likelier ones hold less than p."""

# %%
import torch


def top_p_filter(z: torch.Tensor, p: float) -> torch.Tensor:
    """-inf for every token outside the nucleus of probability p."""
    probs, order = z.softmax(dim=-1).sort(descending=True)   # (vocab,) each
    above = probs.cumsum(dim=-1) - probs      # mass of the likelier tokens
    keep = torch.zeros_like(z, dtype=torch.bool)
    keep[order] = above < p                   # back to vocabulary order
    return z.masked_fill(~keep, float("-inf"))
