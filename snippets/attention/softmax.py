"""Softmax turns each row of scaled scores into weights that sum to 1."""

from snippets.attention.scores import d_k, scores

# %%
A = (scores / d_k**0.5).softmax(dim=-1)         # (n, n), softmax over the keys
print(A.round(decimals=3))
print("row sums:", A.sum(dim=-1))
