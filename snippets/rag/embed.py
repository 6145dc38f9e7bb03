"""Sentence embeddings: mean of MiniLM's token vectors, scaled to length 1."""

from snippets.rag.knowledge import FACTS
from snippets.rag.load import enc_tokenizer, encoder

# %%
import torch
import torch.nn.functional as F


@torch.inference_mode()
def embed(texts):
    """(n_texts, 384) unit vectors, close when the meanings are close."""
    batch = enc_tokenizer(texts, padding=True, truncation=True,
                          return_tensors="pt")
    X = encoder(**batch).last_hidden_state         # (n_texts, n, 384)
    mask = batch["attention_mask"].unsqueeze(-1)   # (n_texts, n, 1): 0 = pad
    mean = (X * mask).sum(dim=1) / mask.sum(dim=1) # mean over real tokens
    return F.normalize(mean, dim=-1)               # length 1: dot = cosine


E = embed(FACTS)                           # (n_facts, 384), computed once
print("fact embeddings:", tuple(E.shape))
print("lengths all 1:", torch.allclose(E.norm(dim=-1), torch.ones(len(FACTS))))
