"""An encoder's output as a sentence embedding: similar sentences, close vectors."""

from snippets.families.load import enc_tokenizer, encoder

# %%
import pandas as pd
import torch
import torch.nn.functional as F

sentences = ["A cat is sleeping on the sofa.",
             "A kitten naps on the couch.",
             "The stock market fell sharply today.",
             "Shares dropped at the close of trading."]
batch = enc_tokenizer(sentences, padding=True, return_tensors="pt")
with torch.no_grad():
    X = encoder(**batch).last_hidden_state        # (4, n, d_model)

# all-MiniLM-L6-v2 was trained with mean pooling: average the real tokens
# (padding excluded), then scale each vector to length 1.
mask = batch["attention_mask"].unsqueeze(-1)      # (4, n, 1)
sentence_vecs = F.normalize((X * mask).sum(1) / mask.sum(1), dim=-1)  # (4, d_model)
similarity = sentence_vecs @ sentence_vecs.T      # cosine similarities
labels = [f"{i}: {s}" for i, s in enumerate(sentences, 1)]
table = pd.DataFrame(similarity.numpy(), index=labels, columns=range(1, 5))
table.round(2)
