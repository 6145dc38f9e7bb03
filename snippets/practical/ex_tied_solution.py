"""Solution: one entry per memory address, then add up the sizes."""

# %%
import torch


def count_unique(state_dict: dict[str, torch.Tensor]) -> int:
    """Sum of numel over distinct storages (tied weights counted once)."""
    unique = {t.data_ptr(): t.numel() for t in state_dict.values()}
    return sum(unique.values())
