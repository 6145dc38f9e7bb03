"""Score every head for the two patterns the task needs, before and after."""

from snippets.learning.decoder import untrained
from snippets.learning.train_decoder import model
from snippets.learning.task import make_batch

# %%
import pandas as pd
import torch

L = 11
ids = make_batch(500, L, torch.Generator().manual_seed(99))[:, :-1]  # (500, 2L)
q = torch.arange(L + 1, 2 * L)            # second-half queries


def head_scores(model):
    """Mean weight on the previous token, and on the induction target."""
    with torch.no_grad():
        model(ids)                        # each Attention keeps its weights
    rows = []
    for layer, block in enumerate(model.blocks):
        A = block.attn.weights            # (500, n_h, 2L, 2L)
        p = torch.arange(1, 2 * L)
        previous = A[:, :, p, p - 1].mean(dim=(0, 2))         # (n_h,)
        induction = A[:, :, q, q - L + 1].mean(dim=(0, 2))    # (n_h,)
        for head in range(A.shape[1]):
            rows.append({"layer": layer, "head": head,
                         "previous token": previous[head].item(),
                         "induction": induction[head].item()})
    return pd.DataFrame(rows).set_index(["layer", "head"])


scores = pd.concat({"untrained": head_scores(untrained),
                    "trained": head_scores(model)}, axis=1)
scores.round(2)
