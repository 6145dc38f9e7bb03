"""Solution: four square projections, the two MLP matrices, two LayerNorms."""

# %%
def block_params(d_model: int, d_ff: int) -> int:
    """Heads are slices of the same four matrices, so n_h does not appear."""
    attention = 4 * (d_model * d_model + d_model)     # W_q, W_k, W_v, W_o + biases
    mlp = d_model * d_ff + d_ff + d_ff * d_model + d_model
    norms = 2 * 2 * d_model                           # scale and shift, twice
    return attention + mlp + norms
