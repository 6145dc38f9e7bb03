"""The real model's embedding table, and the vectors it gives a sentence."""

# ruff: noqa: I001 - the prelude's imports come before the shown part's

from snippets.tokens.load import model, tokenizer

# %%
import torch

E = model.embeddings.word_embeddings.weight.detach()   # (vocab_size, d_model)
print("token embedding table E:", tuple(E.shape))

batch = tokenizer(["the cat sat on the mat"], return_tensors="pt")
ids = batch["input_ids"]                               # (1, n)
X = model.embeddings.word_embeddings(ids)              # (1, n, d_model)
print("input_ids:", tuple(ids.shape), "-> vectors:", tuple(X.shape))
# Both "the" get the very same row of E: a lookup knows nothing of context.
print("the == the:", torch.equal(X[0, 1], X[0, 5]))
