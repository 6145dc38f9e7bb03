"""A tokenizer from another model: silent nonsense, or an IndexError if lucky."""

from snippets.practical.error_oom import show_error
from snippets.practical.load import enc_tokenizer, encoder, tokenizer

# %%
import torch

text = "The capital of France is Paris."
bert_ids = enc_tokenizer(text, return_tensors="pt")["input_ids"]  # MiniLM
# The same numbers mean other tokens to SmolLM2: no error, just the wrong text.
print("MiniLM ids:          ", bert_ids[0].tolist())
print("read by SmolLM2 as:  ", repr(tokenizer.decode(bert_ids[0])))

# The other way round: SmolLM2's ids go beyond MiniLM's embedding table.
smol = tokenizer("Mixing tokenizers silently breaks everything",
                 return_tensors="pt")
print("largest SmolLM2 id:", smol["input_ids"].max().item(),
      "| MiniLM vocabulary:", encoder.config.vocab_size)
with torch.inference_mode():
    show_error(lambda: encoder(**smol))
