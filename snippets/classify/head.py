"""The classification head: one linear layer on the sentence vector, trained."""

from snippets.classify.data import y_train
from snippets.classify.embed import X_train

# %%
import torch
import torch.nn.functional as F
from torch import nn


def train_head(X, y, steps=300):
    """A linear layer d -> 2 logits, trained with AdamW on the whole set."""
    torch.manual_seed(0)
    head = nn.Linear(X.shape[1], 2)
    optimizer = torch.optim.AdamW(head.parameters(), lr=1e-2)
    y = torch.tensor(y)
    for _ in range(steps):
        loss = F.cross_entropy(head(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return head, loss.item()


head, final_loss = train_head(X_train, y_train)     # only the head learns
print(f"{sum(p.numel() for p in head.parameters())} weights trained,",
      f"final training loss {final_loss:.3f}")
