"""LlamaDecoderLayer.forward, as installed: the pre-norm block of the block chapter."""

from snippets.source.listing import annotated

# %%
from transformers.models.llama.modeling_llama import LlamaDecoderLayer

annotated(LlamaDecoderLayer.forward, {
    "self.input_layernorm(": "norm_1(x): RMSNorm before attention (pre-norm)",
    "self.self_attn(":
        "Attention(norm_1(x)); the weights it also returns are dropped (_)",
    "residual + hidden_states":
        "the residual adds: h = x + Attention(...), then h + MLP(...)",
    "self.post_attention_layernorm(": "norm_2(h): RMSNorm before the MLP",
    "self.mlp(": "MLP(norm_2(h)): the SwiGLU MLP",
})
