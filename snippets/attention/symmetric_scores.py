"""Why W_q and W_k differ: with one shared matrix, scores are symmetric."""

# %%
import torch

torch.manual_seed(4)
n, d_model, d_k = 5, 8, 4
X = torch.randn(n, d_model)                # (n, d_model): 5 token vectors
W_q, W_k = torch.randn(2, d_model, d_k).unbind(0)

# Shared: score(i, j) = (x_i W_q)·(x_j W_q), the same number as score(j, i).
S_shared = (X @ W_q) @ (X @ W_q).T         # (n, n)
S_separate = (X @ W_q) @ (X @ W_k).T       # (n, n)

for name, S in (("W_k = W_q ", S_shared), ("W_k != W_q", S_separate)):
    print(f"{name}: score(0 -> 1) = {S[0, 1]:6.2f}, score(1 -> 0) ="
          f" {S[1, 0]:6.2f}, symmetric: {torch.allclose(S, S.T)}")
