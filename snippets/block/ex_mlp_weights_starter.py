"""Exercise: Qwen3's MLP as one line of math on its stored weight tensors."""

# %%
import torch


def swiglu(x: torch.Tensor, gate_w: torch.Tensor, up_w: torch.Tensor,
           down_w: torch.Tensor) -> torch.Tensor:
    """down(silu(gate(x)) * up(x)) from the `.weight` tensors of the three nn.Linear
    layers (gate_proj, up_proj, down_proj). An nn.Linear stores W^T: gate_w has shape
    (d_ff, d_model). x: (..., d_model) -> (..., d_model)."""
    raise NotImplementedError("your code here")
