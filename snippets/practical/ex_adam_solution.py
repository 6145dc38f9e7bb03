"""Solution: two tensors the size of each trainable parameter."""

# %%
import torch


def adam_state_bytes(model: torch.nn.Module) -> int:
    """2 x the bytes of the trainable parameters (tied weights once)."""
    return sum(2 * p.numel() * p.element_size()
               for p in model.parameters() if p.requires_grad)
