"""Exercise: greedy decoding with transformers' KV cache, one new token per call."""

# %%
import torch


def generate_cached(model, ids: torch.Tensor, n_new: int) -> torch.Tensor:
    """Greedy decoding: (B, n) ids -> (B, n + n_new). Call the model once on the
    whole prompt with use_cache=True; after that, give it only the newest token,
    shape (B, 1), with past_key_values= the cache the previous call returned.
    Each time append the token with the largest logit at the last position."""
    raise NotImplementedError("your code here")
