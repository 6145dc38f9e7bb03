"""Solution: the attention is 4 d_model^2 whatever n_h is; SwiGLU has 3 matrices."""

# %%


def decoder_params(vocab_size: int, d_model: int, n_layers: int, n_h: int,
                   d_ff: int) -> int:
    """Embedding + blocks + final norm + output head (not tied here)."""
    attention = 4 * d_model * d_model        # W_q, W_k, W_v, W_o: n_h * d_k = d_model
    mlp = 3 * d_model * d_ff                 # W_gate, W_up, W_down
    block = 2 * d_model + attention + mlp    # two RMSNorm weight vectors
    return vocab_size * d_model + n_layers * block + d_model + d_model * vocab_size
