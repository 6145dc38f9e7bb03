"""Step 1 of the hand-sized example: project X into queries, keys and values."""

from snippets.attention.tex import show
from snippets.attention.worked_inputs import W_K, W_Q, W_V, X

# %%
Q = X @ W_Q      # (3, 4) @ (4, 3) -> (3, 3): one query per token
K = X @ W_K      # (3, 3): one key per token
V = X @ W_V      # (3, 3): one value per token
show(("Q = XW_Q", Q))
show(("K = XW_K", K))
show(("V = XW_V", V))
