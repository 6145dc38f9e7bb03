"""A hand-sized example: 3 tokens, d_model = 4, and three 4x3 projection matrices."""

from snippets.attention.tex import show

# %%
import torch

# 3 tokens, 4 features each: small whole numbers you can multiply in your head.
tokens = ["cats", "chase", "mice"]                          # one row of X each
X = torch.tensor([[1, 0, 1, 0],
                  [0, 1, 1, 1],
                  [1, 1, 0, 1]], dtype=torch.float32)       # (3, d_model = 4)
W_q = torch.tensor([[1, 0, 1], [0, 1, 0], [1, 0, 0], [0, 1, 1]],
                   dtype=torch.float32)                     # (4, d_k = 3)
W_k = torch.tensor([[0, 1, 0], [1, 0, 1], [0, 1, 1], [1, 0, 0]],
                   dtype=torch.float32)                     # (4, d_k = 3)
W_v = torch.tensor([[1, 0, 2], [0, 2, 0], [1, 1, 0], [0, 0, 1]],
                   dtype=torch.float32)                     # (4, d_v = 3)

show(("X", X))
show(("W_q", W_q), ("W_k", W_k), ("W_v", W_v))
