"""Load the real encoder once: all-MiniLM-L6-v2, a small BERT, by its hub id."""

# %%
from transformers import AutoModel, AutoTokenizer

name = "sentence-transformers/all-MiniLM-L6-v2"   # another BERT-style encoder works too
tokenizer = AutoTokenizer.from_pretrained(name)
model = AutoModel.from_pretrained(name).eval()     # eval: no dropout
cfg = model.config
print(name, "-", type(model).__name__)
print(f"vocabulary {tokenizer.vocab_size:,} tokens | d_model {cfg.hidden_size}"
      f" | {cfg.num_hidden_layers} layers | {cfg.num_attention_heads} heads")
