"""repeat_kv and eager_attention_forward, as installed: GQA, then attention."""

from snippets.source.listing import annotated

# %%
from transformers.models.llama.modeling_llama import eager_attention_forward, repeat_kv

annotated(repeat_kv, {
    "if n_rep == 1:":
        "n_rep = n_h / n_kv; plain multi-head attention has nothing to repeat",
    "expand(batch, num_key_value_heads, n_rep":
        "each K/V head shown to n_rep query heads, no copy yet",
    "reshape(batch, num_key_value_heads * n_rep":
        "(batch, n_kv, n_rep, n, d_k) -> (batch, n_h, n, d_k)",
})
annotated(eager_attention_forward, {
    "repeat_kv(key, module.num_key_value_groups)":
        "GQA: K and V repeated up to n_h heads",
    "torch.matmul(query, key_states.transpose(2, 3)) * scaling":
        "S = Q K^T / sqrt(d_k) (scaling = d_k ** -0.5)",
    "attn_weights + attention_mask":
        "the mask is added: 0 where a key is seen, a huge negative where hidden",
    "softmax(attn_weights, dim=-1, dtype=torch.float32)":
        "A = softmax over the keys, in float32",
    "torch.matmul(attn_weights, value_states)": "Z = A V",
    "attn_output.transpose(1, 2)": "back to (batch, n, n_h, d_k) for the concatenation",
})
