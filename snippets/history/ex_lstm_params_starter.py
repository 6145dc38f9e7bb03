"""Exercise: predict the parameter count of an LSTM layer from its gates."""

# %%
def lstm_params(d: int, d_h: int) -> int:
    """Weights of nn.LSTM(d, d_h): three gates and the candidate state, each with an
    input matrix (d, d_h), a recurrent matrix (d_h, d_h) and, in PyTorch, two biases."""
    raise NotImplementedError("your code here")
