"""The MLP of a transformer block: expand to 4·d_model, ReLU, contract to d_model."""

# %%
import torch
from torch import nn


class MLP(nn.Module):
    """Linear, ReLU, linear: applied to every token vector on its own."""

    def __init__(self, d_model, d_ff):
        super().__init__()
        self.W_up = nn.Linear(d_model, d_ff)     # expand:   W_up, b_up
        self.W_down = nn.Linear(d_ff, d_model)   # contract: W_down, b_down

    def forward(self, X):                        # X: (n, d_model)
        hidden = torch.relu(self.W_up(X))        # (n, d_ff), negatives set to 0
        return self.W_down(hidden)               # (n, d_model)


torch.manual_seed(0)
n, d_model = 5, 16
d_ff = 4 * d_model                               # the 2017 paper's ratio
mlp = MLP(d_model, d_ff)
X = torch.randn(n, d_model)                      # (n, d_model): 5 tokens

print("X:", tuple(X.shape), "-> hidden:", tuple(mlp.W_up(X).shape),
      "-> out:", tuple(mlp(X).shape))
print("parameters:", sum(p.numel() for p in mlp.parameters()))
# No token sees another: row 2 of the output depends on row 2 of X only
print("token by token:", torch.allclose(mlp(X)[2], mlp(X[2:3])[0]))
