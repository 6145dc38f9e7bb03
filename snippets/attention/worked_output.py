"""Step 3 of the hand-sized example: mix the values, and check against attention()."""

from snippets.attention.attention_fn import attention
from snippets.attention.tex import show
from snippets.attention.worked_qkv import K, Q, V
from snippets.attention.worked_scores import A

# %%
import torch

Y = A @ V                  # (3, 3) @ (3, 3): row i mixes the rows of V
show(("Y = AV", Y))
Y_fn, _ = attention(Q, K, V)
print("same as attention(Q, K, V):", torch.allclose(Y, Y_fn))
