"""Solution: four matrices of d_model x (num_heads x d_kv) per decoder block."""

# %%


def cross_attention_params(config) -> int:
    """num_decoder_layers x 4 matrices (W_q, W_k, W_v, W_o), no biases."""
    inner = config.num_heads * config.d_kv          # all heads side by side
    return config.num_decoder_layers * 4 * config.d_model * inner
