"""The guide's pieces reproduce each function read above, on the same inputs."""

from snippets.source.mask import mask
from snippets.source.model import attn, config, layer, model
from snippets.source.ours import causal_attention, rms_norm, rope, swiglu

# %%
import torch
from transformers.integrations.sdpa_attention import sdpa_attention_forward
from transformers.models.llama.modeling_llama import (
    apply_rotary_pos_emb,
    eager_attention_forward,
    repeat_kv,
)

torch.manual_seed(1)
n = 4
n_h, n_kv = config.num_attention_heads, config.num_key_value_heads
d_k = config.head_dim
X = torch.randn(1, n, config.hidden_size)                  # (batch, n, d_model)
positions = torch.arange(n)                                # i = 0 .. n-1
cos, sin = model.model.rotary_emb(X, positions[None])      # (1, n, d_k) each
base = config.rope_parameters["rope_theta"]

# Every nn.Linear stores W^T: our W_q is attn.q_proj.weight.T
W_q, W_k, W_v, W_o = (attn.get_submodule(name).weight.T
                      for name in ("q_proj", "k_proj", "v_proj", "o_proj"))


def heads(proj, count):
    """(1, n, count * d_k) -> (1, count, n, d_k)"""
    return proj.view(1, n, count, d_k).transpose(1, 2)


Q, K, V = heads(X @ W_q, n_h), heads(X @ W_k, n_kv), heads(X @ W_v, n_kv)
Q_rot, K_rot = rope(Q, positions, base), rope(K, positions, base)
K_all, V_all = (kv.repeat_interleave(n_h // n_kv, dim=1) for kv in (K_rot, V))  # GQA
Y = causal_attention(Q_rot, K_all, V_all)                  # (1, n_h, n, d_k)
attention_out = Y.transpose(1, 2).reshape(1, n, n_h * d_k) @ W_o


def mlp(h):
    return swiglu(h, layer.mlp.gate_proj.weight.T, layer.mlp.up_proj.weight.T,
                  layer.mlp.down_proj.weight.T)


def attention(x):
    """The attention sublayer as the guide builds it (on any input x)."""
    q, k, v = heads(x @ W_q, n_h), heads(x @ W_k, n_kv), heads(x @ W_v, n_kv)
    k = rope(k, positions, base)
    k, v = (t.repeat_interleave(n_h // n_kv, dim=1) for t in (k, v))
    y = causal_attention(rope(q, positions, base), k, v)
    return y.transpose(1, 2).reshape(1, n, n_h * d_k) @ W_o


eps = config.rms_norm_eps
h = X + attention(rms_norm(X, layer.input_layernorm.weight, eps))
block_out = h + mlp(rms_norm(h, layer.post_attention_layernorm.weight, eps))

# transformers' function on the same inputs -> (its output, ours)
pairs = {
    "LlamaRMSNorm.forward": (
        layer.input_layernorm(X), rms_norm(X, layer.input_layernorm.weight, eps)),
    "repeat_kv": (repeat_kv(K, n_h // n_kv), K.repeat_interleave(n_h // n_kv, dim=1)),
    "apply_rotary_pos_emb": (apply_rotary_pos_emb(Q, K, cos, sin)[0], Q_rot),
    "eager_attention_forward": (
        eager_attention_forward(attn, Q_rot, K_rot, V, mask, attn.scaling)[0],
        Y.transpose(1, 2)),
    "sdpa_attention_forward": (          # attn_implementation="sdpa", the default
        sdpa_attention_forward(attn, Q_rot, K_rot, V, mask, scaling=attn.scaling)[0],
        Y.transpose(1, 2)),
    "LlamaAttention.forward": (attn(X, (cos, sin), mask)[0], attention_out),
    "LlamaDecoderLayer.forward": (
        layer(X, attention_mask=mask, position_embeddings=(cos, sin)), block_out),
}
for name, (theirs, ours) in pairs.items():
    print(f"{name:<26} max |theirs - ours| = {(theirs - ours).abs().max():.1e}")
