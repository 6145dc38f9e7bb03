"""After RoPE, a query-key score depends only on how far apart the two tokens are."""

from snippets.positions.rope import d_k, rope

# %%
import torch

torch.manual_seed(1)
q, k = torch.randn(2, 1, d_k).unbind(0)          # one query, one key: (1, d_k)


def score(i, j):
    """Dot product of q placed at position i with k placed at position j."""
    q_i = rope(q, torch.tensor([i]))
    k_j = rope(k, torch.tensor([j]))
    return (q_i @ k_j.T).item()


print(" i   j  i-j   score")
for i, j in [(2, 0), (5, 3), (12, 10), (1000, 998), (3, 0), (13, 10)]:
    print(f"{i:>4} {j:>3} {i - j:>3} {score(i, j):>7.4f}")

# For every shift t: q at i+t, k at j+t scores like q at i, k at j
print("same score for shifts t = 0..49:",
      all(abs(score(7 + t, 4 + t) - score(7, 4)) < 1e-5 for t in range(50)))
