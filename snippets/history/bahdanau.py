"""Bahdanau (additive) attention: s_j = tanh(h_j W_1 + q_prev W_2) W_3."""

from snippets.history.encoder_decoder import X_enc, d_h, q_prev, tokens

# %%
import pandas as pd
import torch
from torch import nn

torch.manual_seed(1)
d_a = 6                                # size of the little scoring network
W_1 = nn.Linear(d_h, d_a, bias=False)  # looks at an encoder state h_j
W_2 = nn.Linear(d_h, d_a, bias=False)  # looks at the decoder state
W_3 = nn.Linear(d_a, 1, bias=False)    # turns the mix into one number

with torch.no_grad():
    scores = W_3(torch.tanh(W_1(X_enc) + W_2(q_prev))).squeeze(-1)  # (n,)
    a = scores.softmax(dim=-1)                # (n,): positive, sums to 1
    y = a @ X_enc                             # (d_h,): the context, a weighted mean
    # the same scores one word at a time, written out as in the formula
    by_hand = torch.stack([
        torch.tanh(h_j @ W_1.weight.T + q_prev @ W_2.weight.T) @ W_3.weight[0]
        for h_j in X_enc
    ])

print("weights sum to", round(a.sum().item(), 6))
print("scores by hand = batched scores:", torch.allclose(by_hand, scores))
print("context shape:", tuple(y.shape))
pd.DataFrame({"score": scores, "weight": a}, index=tokens).round(3)
