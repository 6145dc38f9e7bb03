"""SwiGLU: a gated MLP, down(silu(gate(x)) * up(x)), as in Llama and Qwen."""

from snippets.block.mlp import X, d_model

# %%
import torch
import torch.nn.functional as F
from torch import nn


class SwiGLU(nn.Module):
    """Two expansions: one, through SiLU, is a soft gate on the other."""

    def __init__(self, d_model, d_ff):
        super().__init__()
        self.W_gate = nn.Linear(d_model, d_ff, bias=False)   # d_model -> d_ff
        self.W_up = nn.Linear(d_model, d_ff, bias=False)     # d_model -> d_ff
        self.W_down = nn.Linear(d_ff, d_model, bias=False)   # d_ff -> d_model

    def forward(self, X):                                    # (n, d_model)
        gate = F.silu(self.W_gate(X))                        # (n, d_ff)
        return self.W_down(gate * self.W_up(X))              # (n, d_model)


x = torch.linspace(-4, 4, 9)
print("silu(x) == x * sigmoid(x):",
      torch.allclose(F.silu(x), x * torch.sigmoid(x)))

torch.manual_seed(1)
d_ff = 42                              # about 8/3 · d_model: see below
swiglu = SwiGLU(d_model, d_ff)
print("X:", tuple(X.shape), "-> out:", tuple(swiglu(X).shape))
# Three matrices instead of two: a smaller d_ff keeps the 4x MLP's weight count
print("SwiGLU weights, 3 · d_model · d_ff:      ", 3 * d_model * d_ff)
print("ReLU MLP weights, 2 · d_model · 4d_model:", 2 * d_model * 4 * d_model)
