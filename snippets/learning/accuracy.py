"""Accuracy on sequences the model never saw, for three lengths."""

from snippets.learning.decoder import untrained
from snippets.learning.train_decoder import model
from snippets.learning.task import make_batch

# %%
import pandas as pd
import torch

g_test = torch.Generator().manual_seed(1234)   # not the training generator


def accuracy(model, L, n=500):
    """Share of second-half letters predicted right (positions L+1..2L-1)."""
    ids = make_batch(n, L, g_test)
    with torch.no_grad():
        predicted = model(ids[:, :-1])[:, L + 1:].argmax(dim=-1)
    return (predicted == ids[:, L + 2:]).float().mean().item()


rows = [{"L": L, "untrained": accuracy(untrained, L), "trained": accuracy(model, L)}
        for L in (6, 11, 16)]
held_out = pd.DataFrame(rows).set_index("L")
held_out.round(3)
