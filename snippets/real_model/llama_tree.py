"""The same reading on Llama-3-8B: a bigger model with the same plan."""

# %%
import torch
from transformers import AutoConfig, AutoModelForCausalLM

# Gated on the hub: accept Meta's licence on the model page and log in
# (`hf auth login`) before this line downloads the config.
llama_config = AutoConfig.from_pretrained("meta-llama/Meta-Llama-3-8B")
with torch.device("meta"):
    llama = AutoModelForCausalLM.from_config(llama_config)   # LlamaForCausalLM
print(llama)
tied = llama.lm_head.weight is llama.model.embed_tokens.weight
print("tied embeddings:", tied)
