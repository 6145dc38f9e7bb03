"""Exercise: how much memory the logits of a forward pass take."""

# %%
import torch


def logits_bytes(config, batch: int, n: int, dtype: torch.dtype) -> int:
    """Bytes of the logits a causal LM returns for `batch` sequences of n tokens:
    one score per vocabulary entry (config.vocab_size) at every position."""
    raise NotImplementedError("your code here")
