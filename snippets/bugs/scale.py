"""Bug 1: scaling the scores by sqrt(d_model) instead of sqrt(d_k)."""

from snippets.bugs.reference import K, Q, V, attention, d_model

# %%
import torch.nn.functional as F


def attention_scale_wrong(Q, K, V):
    # BUG: d_model is the width of the whole model, not of one head
    scores = Q @ K.transpose(-2, -1) / d_model**0.5      # should be / d_k**0.5
    weights = scores.softmax(dim=-1)
    return weights @ V, weights


reference = F.scaled_dot_product_attention(Q, K, V)       # (n_h, n, d_k)
for name, fn in [("wrong: / sqrt(d_model)", attention_scale_wrong),
                 ("fixed: / sqrt(d_k)    ", attention)]:
    out, weights = fn(Q, K, V)
    top = weights.max(dim=-1).values.mean()   # 1/n = even spread, 1 = one key
    print(f"{name}  max |out - torch| = {(out - reference).abs().max():.2f}"
          f"  mean top weight = {top:.2f}")
