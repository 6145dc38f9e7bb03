"""Exercise: one-hot rows times E, for a whole padded batch."""

# %%
import torch


def one_hot_rows(ids: torch.Tensor, vocab_size: int) -> torch.Tensor:
    """(B, n) integer ids -> (B, n, vocab_size) float tensor: 1.0 at each token's
    id, 0.0 elsewhere. Without F.one_hot: compare ids with torch.arange(vocab_size)
    and let broadcasting make the last axis."""
    raise NotImplementedError("your code here")


def one_hot_lookup(ids: torch.Tensor, E: torch.Tensor) -> torch.Tensor:
    """(B, n) ids and the table E (vocab_size, d_model) -> X (B, n, d_model), as a
    matrix product of the one-hot rows with E."""
    raise NotImplementedError("your code here")
