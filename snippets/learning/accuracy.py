"""Accuracy on sequences the model never saw, for three lengths."""

from snippets.learning.decoder import untrained
from snippets.learning.train_decoder import model
from snippets.learning.task import make_batch

# %%
import pandas as pd
import torch

gen_test = torch.Generator().manual_seed(1234)   # not the training generator


def accuracy(model, m, n=500):
    """Share of second-half letters predicted right (positions m+1..2m-1)."""
    ids = make_batch(n, m, gen_test)
    with torch.no_grad():
        predicted = model(ids[:, :-1])[:, m + 1:].argmax(dim=-1)
    return (predicted == ids[:, m + 2:]).float().mean().item()


rows = [{"m": m, "untrained": accuracy(untrained, m), "trained": accuracy(model, m)}
        for m in (6, 11, 16)]
held_out = pd.DataFrame(rows).set_index("m")
held_out.round(3)
