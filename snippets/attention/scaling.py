"""Why divide by sqrt(d_k): unscaled scores grow with d_k and saturate the softmax."""

# %%
import pandas as pd
import torch


def score_spread(d_k: int, n: int = 10_000) -> tuple[float, float]:
    """Std of q·k for random unit-variance vectors, raw and / sqrt(d_k)."""
    gen = torch.Generator().manual_seed(d_k)
    q, k = torch.randn(n, d_k, generator=gen), torch.randn(n, d_k, generator=gen)
    dots = (q * k).sum(dim=-1)              # n independent dot products
    return dots.std().item(), (dots / d_k**0.5).std().item()


def top_weight(d_k: int, scale: bool,
               n_queries: int = 1_000, n_keys: int = 16) -> float:
    """Mean largest softmax weight of a query over 16 keys: 1.0 = one-hot."""
    gen = torch.Generator().manual_seed(1)
    q = torch.randn(n_queries, d_k, generator=gen)
    k = torch.randn(n_keys, d_k, generator=gen)
    s = q @ k.T                             # (n_queries, n_keys)
    if scale:
        s = s / d_k**0.5
    return s.softmax(dim=-1).max(dim=-1).values.mean().item()


# A comprehension keeps `width` local: the session's d_k from Step 1 stays as it was.
rows = [(width, *score_spread(width), top_weight(width, False), top_weight(width, True))
        for width in (4, 64, 512)]
columns = ["d_k", "std(q·k)", "std scaled", "top weight", "top weight scaled"]
pd.DataFrame(rows, columns=columns).set_index("d_k").round(3)
