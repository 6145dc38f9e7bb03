"""Without a non-linearity, two linear layers collapse into one matrix."""

from snippets.block.mlp import X, mlp

# %%
import torch

M_i = mlp.W_in.weight.T                          # (d_model, d_ff)
M_o = mlp.W_out.weight.T                         # (d_ff, d_model)

two_layers = (X @ M_i) @ M_o                     # expand, then contract
M = M_i @ M_o                                    # (d_model, d_model)
print("M:", tuple(M.shape))
print("(X M_i) M_o == X (M_i M_o):",
      torch.allclose(two_layers, X @ M, atol=1e-6))

# A linear map f has f(a + b) == f(a) + f(b); a ReLU in the middle breaks it
a, b = X[0], X[1]


def linear(x):
    return (x @ M_i) @ M_o


def with_relu(x):
    return torch.relu(x @ M_i) @ M_o


print("linear:    f(a+b) == f(a)+f(b):",
      torch.allclose(linear(a + b), linear(a) + linear(b), atol=1e-6))
print("with ReLU: f(a+b) == f(a)+f(b):",
      torch.allclose(with_relu(a + b), with_relu(a) + with_relu(b), atol=1e-6))
