"""Scores are dot products: how well each query matches each key."""

# %%
import torch

torch.manual_seed(0)
n, d_k = 4, 8                  # 4 tokens, 8 features per query and key
Q = torch.randn(n, d_k)        # (n, d_k): what each token is looking for
K = torch.randn(n, d_k)        # (n, d_k): what each token offers to be found by

scores = Q @ K.T               # (n, n): row i = query i against every key
print("scores shape:", tuple(scores.shape))
print(scores.round(decimals=2))
