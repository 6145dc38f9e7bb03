"""Softmax turns each row of scaled scores into weights that sum to 1."""

from snippets.attention.scores import d_k, scores

# %%
weights = (scores / d_k**0.5).softmax(dim=-1)   # (n, n), softmax over the keys
print(weights.round(decimals=3))
print("row sums:", weights.sum(dim=-1))
