"""Without a non-linearity, two linear layers collapse into one matrix."""

from snippets.block.mlp import X, mlp

# %%
import torch

W_up = mlp.W_up.weight.T         # (d_model, d_ff): nn.Linear stores W^T
W_down = mlp.W_down.weight.T     # (d_ff, d_model)

two_layers = (X @ W_up) @ W_down                 # expand, then contract
M = W_up @ W_down                                # (d_model, d_model)
print("M:", tuple(M.shape))
print("(X W_up) W_down == X (W_up W_down):",
      torch.allclose(two_layers, X @ M, atol=1e-6))

# A linear map f has f(a + b) == f(a) + f(b); a ReLU in the middle breaks it
a, b = X[0], X[1]


def linear(x):
    return (x @ W_up) @ W_down


def with_relu(x):
    return torch.relu(x @ W_up) @ W_down


print("linear:    f(a+b) == f(a)+f(b):",
      torch.allclose(linear(a + b), linear(a) + linear(b), atol=1e-6))
print("with ReLU: f(a+b) == f(a)+f(b):",
      torch.allclose(with_relu(a + b), with_relu(a) + with_relu(b), atol=1e-6))
