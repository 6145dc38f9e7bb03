"""Check: against F.one_hot and the real model's lookup, padding included."""

from snippets.tokens.ex_one_hot_solution import one_hot_lookup, one_hot_rows
from snippets.tokens.load import model, tokenizer

# %%
import torch
import torch.nn.functional as F

batch = tokenizer(["the cat sat", "a bank by the river, not the one with cash"],
                  padding=True, return_tensors="pt")
ids = batch["input_ids"]                                  # (2, n), padded with [PAD]
table = model.embeddings.word_embeddings                  # nn.Embedding
vocab_size = table.num_embeddings
assert torch.equal(one_hot_rows(ids, vocab_size), F.one_hot(ids, vocab_size).float()), (
    "one_hot_rows: 1.0 at each token's id and 0.0 elsewhere, shape (B, n, vocab_size)")
with torch.no_grad():
    X = one_hot_lookup(ids, table.weight)                 # (2, n, d_model)
    lookup = table(ids)                                   # (2, n, d_model)
assert X.shape == lookup.shape, (
    f"expected shape {tuple(lookup.shape)}, got {tuple(X.shape)}")
diff = (X - lookup).abs().max().item()
assert diff < 1e-6, f"one_hot @ E differs from the lookup by {diff:.1e}"
print(f"✓ one_hot @ E equals the lookup for a batch {tuple(ids.shape)} -> "
      f"{tuple(X.shape)}, max diff {diff:.1e}")
