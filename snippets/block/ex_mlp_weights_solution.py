"""Solution: x W_gate is x @ gate_w.T, because nn.Linear stores the transpose."""

# %%
import torch
import torch.nn.functional as F


def swiglu(x: torch.Tensor, gate_w: torch.Tensor, up_w: torch.Tensor,
           down_w: torch.Tensor) -> torch.Tensor:
    gate = F.silu(x @ gate_w.T)            # (..., d_ff)
    return (gate * (x @ up_w.T)) @ down_w.T  # (..., d_model)
