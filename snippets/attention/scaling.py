"""Why divide by sqrt(d_k): unscaled scores grow with d_k and saturate the softmax."""

# %%
import torch

def score_spread(d_k: int, n: int = 10_000) -> tuple[float, float]:
    """Std of q·k for random unit-variance vectors, raw and / sqrt(d_k)."""
    g = torch.Generator().manual_seed(d_k)
    q, k = torch.randn(n, d_k, generator=g), torch.randn(n, d_k, generator=g)
    dots = (q * k).sum(dim=-1)              # n independent dot products
    return dots.std().item(), (dots / d_k**0.5).std().item()

<<<<<<< HEAD
def top_weight(d_k: int, scale: bool, n_queries: int = 1_000, n_keys: int = 16) -> float:
    """Average largest softmax weight of a query over 16 keys: near 1.0 means one-hot."""
=======

def top_weight(d_k: int, scale: bool,
               n_queries: int = 1_000, n_keys: int = 16) -> float:
    """Mean largest softmax weight of a query over 16 keys: 1.0 = one-hot."""
>>>>>>> h2
    g = torch.Generator().manual_seed(1)
    q = torch.randn(n_queries, d_k, generator=g)
    k = torch.randn(n_keys, d_k, generator=g)
    s = q @ k.T                             # (n_queries, n_keys)
    if scale:
        s = s / d_k**0.5
    return s.softmax(dim=-1).max(dim=-1).values.mean().item()

<<<<<<< HEAD
print(f"{'d_k':>5} {'std(q·k)':>9} {'std scaled':>11} {'top weight':>11} {'scaled':>7}")
=======

print("  d_k  std(q·k)  std scaled  top weight  scaled")
>>>>>>> h2
for d_k in (4, 64, 512):
    raw, scaled = score_spread(d_k)
    top_raw, top_scaled = top_weight(d_k, False), top_weight(d_k, True)
    print(f"{d_k:>5} {raw:>9.2f} {scaled:>11.2f} {top_raw:>11.3f}"
          f" {top_scaled:>7.3f}")
