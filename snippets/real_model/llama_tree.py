"""The same reading on Llama-3-8B: a bigger model with the same plan."""

# %%
from snippets.models import meta_model

llama = meta_model("llama-3-8b")      # LlamaForCausalLM, on the meta device
print(llama)
tied = llama.lm_head.weight is llama.model.embed_tokens.weight
print("tied embeddings:", tied)
