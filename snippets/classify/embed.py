"""One vector per sentence: mean of MiniLM's token vectors, scaled to length 1."""

from snippets.classify.data import test_texts, train_texts
from snippets.classify.load import encoder, tokenizer

# %%
import torch
import torch.nn.functional as F


def embed(texts):
    batch = tokenizer(texts, padding=True, return_tensors="pt")
    with torch.no_grad():
        X = encoder(**batch).last_hidden_state          # (n, tokens, 384)
    m = batch["attention_mask"].unsqueeze(-1)           # 1 for real tokens
    return F.normalize((X * m).sum(1) / m.sum(1), dim=-1)   # (n, 384)


X_train, X_test = embed(train_texts), embed(test_texts)
print("train:", tuple(X_train.shape), " held out:", tuple(X_test.shape))
