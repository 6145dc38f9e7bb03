"""Solution: four sets of (input matrix, recurrent matrix, two biases)."""

# %%
def lstm_params(d: int, d_h: int) -> int:
    """4 x (d d_h + d_h d_h + 2 d_h): input, forget, output gate and candidate."""
    return 4 * (d * d_h + d_h * d_h + 2 * d_h)
