"""After RoPE, a query-key score depends only on how far apart the two tokens are."""

from snippets.positions.rope import d_k, rope

# %%
import torch

torch.manual_seed(1)
q, k = torch.randn(2, 1, d_k).unbind(0)          # one query, one key: (1, d_k)


def score(m, n):
    """Dot product of q placed at position m with k placed at position n."""
    q_m = rope(q, torch.tensor([m]))
    k_n = rope(k, torch.tensor([n]))
    return (q_m @ k_n.T).item()


print(" m   n  m-n   score")
for m, n in [(2, 0), (5, 3), (12, 10), (1000, 998), (3, 0), (13, 10)]:
    print(f"{m:>4} {n:>3} {m - n:>3} {score(m, n):>7.4f}")

# For every shift t: q at m+t, k at n+t scores like q at m, k at n
print("same score for shifts t = 0..49:",
      all(abs(score(7 + t, 4 + t) - score(7, 4)) < 1e-5 for t in range(50)))
