"""Bahdanau (additive) attention: score_j = tanh(h_j W_1 + s_prev W_2) v."""

from snippets.history.encoder_decoder import H, d_h, s_prev, tokens

# %%
import pandas as pd
import torch
from torch import nn

torch.manual_seed(1)
d_a = 6                                # size of the little scoring network
W_1 = nn.Linear(d_h, d_a, bias=False)  # looks at an encoder state h_j
W_2 = nn.Linear(d_h, d_a, bias=False)  # looks at the decoder state
v = nn.Linear(d_a, 1, bias=False)      # turns the mix into one number

with torch.no_grad():
    scores = v(torch.tanh(W_1(H) + W_2(s_prev))).squeeze(-1)  # (S,)
    alpha = scores.softmax(dim=-1)            # (S,): positive, sums to 1
    context = alpha @ H                       # (d_h,): weighted mean of H
    # the same scores one word at a time, written out as in the formula
    by_hand = torch.stack([
        torch.tanh(h_j @ W_1.weight.T + s_prev @ W_2.weight.T) @ v.weight[0]
        for h_j in H
    ])

print("weights sum to", round(alpha.sum().item(), 6))
print("scores by hand = batched scores:", torch.allclose(by_hand, scores))
print("context shape:", tuple(context.shape))
pd.DataFrame({"score": scores, "weight": alpha}, index=tokens).round(3)
