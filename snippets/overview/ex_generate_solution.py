"""Solution: the page's loop, wrapped in a function that works on a batch."""

# %%
import torch


def generate(model, ids, n_new):
    """Greedy decoding: (B, n) -> (B, n + n_new)."""
    with torch.no_grad():
        for _ in range(n_new):
            logits = model(ids)[:, -1]                           # (B, vocab_size)
            next_id = logits.argmax(dim=-1, keepdim=True)        # (B, 1)
            ids = torch.cat([ids, next_id], dim=1)               # a new tensor
    return ids
