"""Score every head for the two patterns the task needs, before and after."""

from snippets.learning.decoder import untrained
from snippets.learning.train_decoder import model
from snippets.learning.task import make_batch

# %%
import pandas as pd
import torch

m = 11
ids = make_batch(500, m, torch.Generator().manual_seed(99))[:, :-1]  # (500, 2m)
second = torch.arange(m + 1, 2 * m)       # second-half query positions i


def head_scores(model):
    """Mean weight on the previous token, and on the induction target."""
    with torch.no_grad():
        model(ids)                        # each Attention keeps its weights
    rows = []
    for layer, block in enumerate(model.blocks):
        A = block.attn.weights            # (500, n_h, 2m, 2m)
        i = torch.arange(1, 2 * m)                            # every query position
        previous = A[:, :, i, i - 1].mean(dim=(0, 2))         # (n_h,): a_(i, i-1)
        induction = A[:, :, second, second - m + 1].mean(dim=(0, 2))  # a_(i, i-m+1)
        for head in range(A.shape[1]):
            rows.append({"layer": layer, "head": head,
                         "previous token": previous[head].item(),
                         "induction": induction[head].item()})
    return pd.DataFrame(rows).set_index(["layer", "head"])


scores = pd.concat({"untrained": head_scores(untrained),
                    "trained": head_scores(model)}, axis=1)
scores.round(2)
