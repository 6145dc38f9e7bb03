"""Learned positions: a trainable table with one row per position, and a hard limit."""

from snippets.positions.permutation import X, d_model

# %%
import torch
from torch import nn

torch.manual_seed(4)
max_len = 16                            # the longest sequence the table allows
pos_embedding = nn.Embedding(max_len, d_model)  # (max_len, d_model), trained

n = X.shape[0]
positions = torch.arange(n)             # 0, 1, ..., n-1
X_pos = X + pos_embedding(positions)    # (n, d_model): row i gets position i
print("X_pos:", tuple(X_pos.shape))
print("parameters:", sum(p.numel() for p in pos_embedding.parameters()))

try:
    pos_embedding(torch.tensor([max_len]))    # position 16: there is no row
except IndexError as err:
    print("position", max_len, "->", type(err).__name__ + ":", err)
