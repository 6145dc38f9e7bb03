"""Solution: three stages; a tied head reuses the embedding table."""

# %%
def total_params(config) -> int:
    d_model, d_k, vocab = config.hidden_size, config.head_dim, config.vocab_size
    n_h, n_kv = config.num_attention_heads, config.num_key_value_heads
    attention = 2 * d_model * n_h * d_k + 2 * d_model * n_kv * d_k + 2 * d_k
    layer = attention + 3 * d_model * config.intermediate_size + 2 * d_model
    embedding = vocab * d_model
    head = 0 if config.tie_word_embeddings else vocab * d_model
    return embedding + config.num_hidden_layers * layer + d_model + head
