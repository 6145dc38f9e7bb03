"""Load the encoder, all-MiniLM-L6-v2, by its hub id."""

# %%
from transformers import AutoModel, AutoTokenizer

name = "sentence-transformers/all-MiniLM-L6-v2"
tokenizer = AutoTokenizer.from_pretrained(name)
encoder = AutoModel.from_pretrained(name).eval()     # eval: no dropout
print(name, "-", type(encoder).__name__, "- d_model", encoder.config.hidden_size)
