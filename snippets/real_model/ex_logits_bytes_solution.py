"""Solution: (batch, n, vocab_size) numbers of dtype.itemsize bytes each."""

# %%
import torch


def logits_bytes(config, batch: int, n: int, dtype: torch.dtype) -> int:
    return batch * n * config.vocab_size * dtype.itemsize
