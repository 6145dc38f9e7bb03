"""Exercise: the nearest rows of the embedding table, by cosine similarity."""

# %%
import torch


def nearest(E: torch.Tensor, i: int, top_k: int) -> list[int]:
    """Ids of the top_k rows of E (vocab_size, d_model) with the highest cosine
    similarity to row i, best first, row i itself left out."""
    raise NotImplementedError("your code here")
