"""Luong (multiplicative) attention: s_j = q_t W h_j^T, one matrix between them."""

from snippets.history.encoder_decoder import X_enc, d_h, q_t, tokens

# %%
import pandas as pd
import torch
from torch import nn

torch.manual_seed(2)
# Luong's "general" score; with W = I it becomes the "dot" score.
W = nn.Linear(d_h, d_h, bias=False)

with torch.no_grad():
    scores = W(X_enc) @ q_t                 # (n,): entry j is q_t W h_j^T
    a = scores.softmax(dim=-1)              # (n,)
    y = a @ X_enc                           # (d_h,): the context
    by_hand = torch.stack([q_t @ W.weight @ h_j for h_j in X_enc])  # q_t W h_j^T
    dot_scores = X_enc @ q_t                # "dot": no parameters at all

print("weights sum to", round(a.sum().item(), 6))
print("scores by hand = batched scores:", torch.allclose(by_hand, scores))
print("context shape:", tuple(y.shape))
pd.DataFrame({"score": scores, "weight": a, "dot score": dot_scores},
             index=tokens).round(3)
