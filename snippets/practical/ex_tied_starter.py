"""Exercise: count a checkpoint's parameters from its state_dict, tied ones once."""

# %%
import torch


def count_unique(state_dict: dict[str, torch.Tensor]) -> int:
    """Number of parameters in a state_dict, counting a tensor that appears
    under two names (tied weights, such as SmolLM2's embedding and lm_head)
    only once. Two names share a tensor when their data_ptr() is the same."""
    raise NotImplementedError("your code here")
