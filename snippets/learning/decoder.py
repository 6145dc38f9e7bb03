"""Two of the blocks, between an embedding table and an output head."""

from snippets.learning.pieces import DecoderBlock, RMSNorm, rope_cos_sin
from snippets.learning.task import vocab_size

# %%
import copy

import torch
from torch import nn


class Decoder(nn.Module):
    def __init__(self, vocab_size, d_model=64, n_layers=2, n_h=4, d_ff=176):
        super().__init__()
        self.d_k = d_model // n_h
        self.embed = nn.Embedding(vocab_size, d_model)
        self.blocks = nn.ModuleList(
            DecoderBlock(d_model, n_h, self.d_k, d_ff) for _ in range(n_layers))
        self.norm = RMSNorm(d_model)                     # after the last block
        self.lm_head = nn.Linear(d_model, vocab_size, bias=False)

    def forward(self, ids):                              # ids: (B, n)
        cos, sin = rope_cos_sin(ids.shape[1], self.d_k)
        X = self.embed(ids)                              # (B, n, d_model)
        for block in self.blocks:
            X = block(X, cos, sin)
        return self.lm_head(self.norm(X))                # (B, n, vocab_size) logits


torch.manual_seed(0)
model = Decoder(vocab_size)
untrained = copy.deepcopy(model)                         # to compare with later
print(f"{sum(p.numel() for p in model.parameters()):,} parameters")
