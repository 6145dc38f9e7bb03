"""Solution: change the last token; compare every earlier output row."""

# %%
import torch


def leaks_future(attend, n: int = 6, d: int = 8) -> bool:
    """Did an output before the last position change with the last token?"""
    gen = torch.Generator().manual_seed(0)
    X = torch.randn(n, d, generator=gen)
    X_changed = X.clone()
    X_changed[-1] = torch.randn(d, generator=gen)      # only the last token differs
    with torch.no_grad():
        before, after = attend(X)[:-1], attend(X_changed)[:-1]
    return not torch.allclose(before, after, atol=1e-6)
