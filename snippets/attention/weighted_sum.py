"""The output for each token is a weighted average of the value vectors."""

from snippets.attention.scores import n
from snippets.attention.softmax import A

# %%
import torch

torch.manual_seed(1)
d_v = 6
V = torch.randn(n, d_v)    # (n, d_v): what each token hands over when attended

Y = A @ V             # (n, n) @ (n, d_v) -> (n, d_v)
print("output shape:", tuple(Y.shape))
# Row 0 of the output is row 0 of A mixing the rows of V:
by_hand = sum(A[0, j] * V[j] for j in range(n))
print("row 0 equals its weighted sum:", torch.allclose(Y[0], by_hand))
