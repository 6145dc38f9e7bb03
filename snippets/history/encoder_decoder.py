"""seq2seq: a GRU encoder squeezes any sentence into one vector of d_h numbers."""

from snippets.history.word_vectors import E, embed

# %%
import torch
from torch import nn

torch.manual_seed(0)
d, d_h = E.shape[1], 8
encoder = nn.GRU(d, d_h, batch_first=True)
decoder = nn.GRU(d, d_h, batch_first=True)

for source in ("ada beat bob",
               "the match was very good",
               "ada beat bob the match was very very good " * 4):
    X_enc, h_last = encoder(embed(source)[None])  # (1, n, d_h), (1, 1, d_h)
    print(f"{len(source.split()):2} words -> states X_enc {tuple(X_enc.shape)}, "
          f"context for the decoder {tuple(h_last.shape)}")

# The sentence we translate below, and the decoder's first step.
source = "the match was very good"
tokens = source.split()
with torch.no_grad():
    X_enc, h_last = encoder(embed(source)[None])
    start = torch.zeros(1, 1, d)     # a stand-in <start> token
    _, q_t = decoder(start, h_last)  # decoder state after its first step
# Drop the batch axes: X_enc (n, d_h); q_prev = state before the step, q_t after it.
X_enc, q_prev, q_t = X_enc[0], h_last[0, 0], q_t[0, 0]
