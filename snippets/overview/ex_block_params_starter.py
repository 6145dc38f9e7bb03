"""Exercise: predict the parameter count of one block of the tiny model."""

# %%
def block_params(d_model: int, d_ff: int) -> int:
    """Parameters of nn.TransformerEncoderLayer(d_model, n_h, dim_feedforward=d_ff):
    attention (W_q, W_k, W_v, W_o, each (d_model, d_model) with a bias), the MLP
    (d_model -> d_ff -> d_model, with biases) and two LayerNorms (a scale and a shift
    of d_model each). The number of heads n_h does not change the count: why?"""
    raise NotImplementedError("your code here")
