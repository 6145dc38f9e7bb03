"""Step 1 of the hand-sized example: project X into queries, keys and values."""

from snippets.attention.tex import show
from snippets.attention.worked_inputs import W_k, W_q, W_v, X

# %%
Q = X @ W_q      # (3, 4) @ (4, 3) -> (3, 3): one query per token
K = X @ W_k      # (3, 3): one key per token
V = X @ W_v      # (3, 3): one value per token
show(("Q = XW_q", Q))
show(("K = XW_k", K))
show(("V = XW_v", V))
