"""Solution: projections, MLP, two norms, and Qwen3's RMSNorm of each q and k head."""

# %%
def layer_params(config) -> int:
    d_model, d_k = config.hidden_size, config.head_dim
    n_h, n_kv = config.num_attention_heads, config.num_key_value_heads
    d_ff = config.intermediate_size
    attention = d_model * n_h * d_k * 2 + d_model * n_kv * d_k * 2  # q, o; k, v
    qk_norms = 2 * d_k             # q_norm, k_norm: one d_k scale shared by heads
    mlp = 3 * d_model * d_ff       # gate, up, down
    norms = 2 * d_model            # before attention, before the MLP
    return attention + qk_norms + mlp + norms
