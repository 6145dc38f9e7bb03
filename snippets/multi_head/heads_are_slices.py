"""A head is ordinary attention on its own slice of the columns of W_q, W_k, W_v."""

from snippets.multi_head.shapes import W_k, W_q, W_v, X, d_k, heads

# %%
import torch

h = 3                                  # any head
cols = slice(h * d_k, (h + 1) * d_k)   # its 64 columns
Q3, K3, V3 = X @ W_q[:, cols], X @ W_k[:, cols], X @ W_v[:, cols]   # (n, d_k)
head3 = (Q3 @ K3.T / d_k**0.5).softmax(dim=-1) @ V3                 # (n, d_k)
print(f"head {h} from the split equals attention on its slice:",
      torch.allclose(heads[h], head3, atol=1e-6))
