"""LlamaAttention.forward, as installed: multi-head attention with RoPE and GQA."""

from snippets.source.listing import annotated

# %%
from transformers.models.llama.modeling_llama import LlamaAttention

annotated(LlamaAttention.forward, {
    "hidden_shape = (*input_shape, -1, self.head_dim)":
        "split the last dimension into heads of d_k",
    "self.q_proj(hidden_states)":
        "Q = X W_q, then (batch, n, n_h, d_k) -> (batch, n_h, n, d_k)",
    "self.k_proj(hidden_states)": "K = X W_k with n_kv heads (GQA: n_kv <= n_h)",
    "self.v_proj(hidden_states)": "V = X W_v with n_kv heads",
    "apply_rotary_pos_emb(": "RoPE rotates Q and K (not V) by their positions",
    "past_key_values.update(":
        "the KV cache: this step's K and V appended to the earlier ones",
    "eager_attention_forward":
        "attention itself: eager_attention_forward unless a faster kernel is set",
    "reshape(*input_shape, -1)": "concatenate the heads back: (batch, n, n_h d_k)",
    "self.o_proj(attn_output)": "multiply by W_o: the heads are mixed",
})
