"""Exercise: count the decoder's parameters from its sizes, before PyTorch does."""

# %%


def decoder_params(vocab_size: int, d_model: int, n_layers: int, n_h: int,
                   d_ff: int) -> int:
    """Parameters of Decoder(vocab_size, d_model, n_layers, n_h, d_ff) above.

    Count the embedding table, per block two RMSNorm weights, W_q, W_k,
    W_v, W_o (no biases, d_k = d_model / n_h) and SwiGLU's three matrices,
    then the final norm and the output head.
    """
    raise NotImplementedError("your code here")
