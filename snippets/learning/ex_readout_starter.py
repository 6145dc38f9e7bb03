"""Exercise: read the next letter off layer 1's attention, without the output head."""

from snippets.learning.task import make_batch
from snippets.learning.train_decoder import model

# %%
import torch

m = 11
ids = make_batch(200, m, torch.Generator().manual_seed(7))   # (200, 2m + 1)
with torch.no_grad():
    logits = model(ids[:, :-1])            # each Attention keeps its weights
A = model.blocks[1].attn.weights           # (200, n_h, 2m, 2m): layer 1


def attention_readout(ids: torch.Tensor, A: torch.Tensor, m: int) -> torch.Tensor:
    """For every second-half query i = m+1 .. 2m-1: average A over the heads,
    take the key j with the largest weight, and return the letter at j,
    ids[:, j]. Returns (batch, m - 1) token ids."""
    raise NotImplementedError("your code here")
