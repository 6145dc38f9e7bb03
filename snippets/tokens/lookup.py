"""An embedding layer is a lookup table: row i of a matrix is the vector of token i."""

# %%
import torch
from torch import nn

torch.manual_seed(0)
vocab_size, d_model = 10, 4
embed = nn.Embedding(vocab_size, d_model)   # weight E: (vocab_size, d_model)

ids = torch.tensor([[3, 1, 4, 1]])          # (batch=1, n=4) token ids
X = embed(ids)                              # (1, 4, d_model): a row of E per id
print("E:", tuple(embed.weight.shape), " ids:", tuple(ids.shape),
      " X:", tuple(X.shape))
print("both 1s get the same vector:", torch.equal(X[0, 1], X[0, 3]))

# The same lookup as a matrix product: one-hot rows select rows of E.
one_hot = nn.functional.one_hot(ids, vocab_size).float()  # (1, 4, vocab_size)
print("one_hot @ E equals the lookup:",
      torch.allclose(one_hot @ embed.weight, X))
