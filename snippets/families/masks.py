"""Who may attend to whom: the attention masks of the three families."""

# %%
import torch


def full_mask(n_q: int, n_k: int) -> torch.Tensor:
    """Every query sees every key (True = may attend)."""
    return torch.ones(n_q, n_k, dtype=torch.bool)


def causal_mask(n: int) -> torch.Tensor:
    """Query i sees keys 0..i only: the lower triangle, diagonal included."""
    return torch.ones(n, n, dtype=torch.bool).tril()


def encoder_decoder_mask(n_src: int, n_tgt: int) -> torch.Tensor:
    """All three masks of an encoder-decoder in one (n_src+n_tgt) square matrix.

    Rows are queries, columns keys, source tokens first. The encoder never sees
    the target (top right stays False).
    """
    n = n_src + n_tgt
    M = torch.zeros(n, n, dtype=torch.bool)
    M[:n_src, :n_src] = full_mask(n_src, n_src)    # encoder self-attention
    M[n_src:, :n_src] = full_mask(n_tgt, n_src)    # cross-attention
    M[n_src:, n_src:] = causal_mask(n_tgt)         # decoder self-attention
    return M


# 3 source + 2 target tokens; 1 = may attend. Rows: queries, columns: keys
print(encoder_decoder_mask(3, 2).int())
