"""Why divide by sqrt(d_k): unscaled scores grow with d_k and saturate the softmax."""

# %%
import torch

def score_spread(d_k: int, n: int = 10_000) -> tuple[float, float]:
    """Std of q·k for random unit-variance vectors, before and after dividing by sqrt(d_k)."""
    g = torch.Generator().manual_seed(d_k)
    q, k = torch.randn(n, d_k, generator=g), torch.randn(n, d_k, generator=g)
    dots = (q * k).sum(dim=-1)              # n independent dot products
    return dots.std().item(), (dots / d_k**0.5).std().item()

def top_weight(d_k: int, scale: bool, n_queries: int = 1_000, n_keys: int = 16) -> float:
    """Average largest softmax weight of a query over 16 keys: near 1.0 means one-hot."""
    g = torch.Generator().manual_seed(1)
    q, k = torch.randn(n_queries, d_k, generator=g), torch.randn(n_keys, d_k, generator=g)
    s = q @ k.T                             # (n_queries, n_keys)
    if scale:
        s = s / d_k**0.5
    return s.softmax(dim=-1).max(dim=-1).values.mean().item()

print(f"{'d_k':>5} {'std(q·k)':>9} {'std scaled':>11} {'top weight':>11} {'scaled':>7}")
for d_k in (4, 64, 512):
    raw, scaled = score_spread(d_k)
    print(f"{d_k:>5} {raw:>9.2f} {scaled:>11.2f} {top_weight(d_k, False):>11.3f} {top_weight(d_k, True):>7.3f}")
