"""LlamaModel.forward, as installed: positions, the causal mask, the stack of layers."""

from snippets.source.listing import annotated

# %%
from transformers.models.llama.modeling_llama import LlamaModel

annotated(LlamaModel.forward, {
    "self.embed_tokens(input_ids)": "X = the rows of E for the token ids",
    "past_seen_tokens = ": "with a KV cache, new tokens start after the cached ones",
    "torch.arange(inputs_embeds.shape[1]":
        "position m of each new token: 0, 1, …, n − 1 (+ cached)",
    "create_causal_mask(": "the causal mask, built once, shared by every layer",
    "self.rotary_emb(hidden_states, position_ids=position_ids)":
        "cos(m θ_j), sin(m θ_j) for RoPE, once",
    "for decoder_layer in self.layers": "the blocks, one after another",
    "self.norm(hidden_states)": "a final RMSNorm before the output head",
})
