"""Luong (multiplicative) attention: score_j = s_t W h_j^T, one matrix between them."""

from snippets.history.encoder_decoder import H, d_h, s_t, tokens

# %%
import pandas as pd
import torch
from torch import nn

torch.manual_seed(2)
# Luong's "general" score; with W = I it becomes the "dot" score.
W = nn.Linear(d_h, d_h, bias=False)

with torch.no_grad():
    scores = W(H) @ s_t                     # (S,): entry j is s_t W h_j^T
    alpha = scores.softmax(dim=-1)          # (S,)
    context = alpha @ H                     # (d_h,)
    by_hand = torch.stack([s_t @ W.weight @ h_j for h_j in H])  # s_t W h_j^T
    dot_scores = H @ s_t                    # "dot": no parameters at all

print("weights sum to", round(alpha.sum().item(), 6))
print("scores by hand = batched scores:", torch.allclose(by_hand, scores))
print("context shape:", tuple(context.shape))
pd.DataFrame({"score": scores, "weight": alpha, "dot score": dot_scores},
             index=tokens).round(3)
