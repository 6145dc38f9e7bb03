"""Generating text is calling the same function again, one new token at a time."""

from snippets.overview.tiny_model import model, stoi, vocab

# %%
import torch

ids = torch.tensor([[stoi["<bos>"], stoi["the"], stoi["cat"]]])   # (1, 3)
with torch.no_grad():
    for _ in range(5):
        probs = model(ids)[:, -1].softmax(dim=-1)      # (1, vocab_size)
        next_id = probs.argmax(dim=-1, keepdim=True)  # greedy: likeliest
        ids = torch.cat([ids, next_id], dim=1)         # (1, n + 1)
        print(tuple(ids.shape), " ".join(vocab[i] for i in ids[0]))
