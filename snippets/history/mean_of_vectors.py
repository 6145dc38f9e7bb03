"""The mean keeps the scale fixed, but it cannot tell who beat whom: order is lost."""

from snippets.history.word_vectors import embed

# %%
import torch

a_wins = embed("ada beat bob")  # (3, d)
b_wins = embed("bob beat ada")  # the same rows, in another order
print("mean of 'ada beat bob':", a_wins.mean(dim=0))
print("mean of 'bob beat ada':", b_wins.mean(dim=0))
print("same summary:", torch.allclose(a_wins.mean(dim=0), b_wins.mean(dim=0)))
