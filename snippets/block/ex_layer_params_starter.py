"""Exercise: the parameters of one Qwen3 decoder layer, from its config alone."""

# %%
def layer_params(config) -> int:
    """Parameters of one decoder layer: q, k, v, o projections (no biases: see
    config.attention_bias), the SwiGLU MLP, the two RMSNorms around them, and one
    more thing Qwen3 adds inside attention. Read the sizes from the config
    (hidden_size, num_attention_heads, num_key_value_heads, head_dim,
    intermediate_size)."""
    raise NotImplementedError("your code here")
