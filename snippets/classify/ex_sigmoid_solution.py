"""Solution: sigmoid of the difference of the two logits, one dot product."""

# %%
import torch


def p_positive(X: torch.Tensor, head: torch.nn.Linear) -> torch.Tensor:
    """sigmoid(X w + b) with w = W[1] - W[0], b = b[1] - b[0]."""
    with torch.no_grad():
        w = head.weight[1] - head.weight[0]       # (384,): the "positive" direction
        b = head.bias[1] - head.bias[0]
        return torch.sigmoid(X @ w + b)           # (n,)
