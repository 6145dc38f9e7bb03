"""Bug 2: softmax over the wrong dimension (over queries instead of over keys)."""

from snippets.bugs.reference import K, Q, V, attention, d_k
from snippets.bugs.scale import reference

# %%
def attention_softmax_wrong(Q, K, V):
    scores = Q @ K.transpose(-2, -1) / d_k**0.5   # (n_h, n, n): row = one query
    weights = scores.softmax(dim=-2)   # BUG: normalises columns; should be dim=-1
    return weights @ V, weights


for name, fn in [("wrong: dim=-2", attention_softmax_wrong),
                 ("fixed: dim=-1", attention)]:
    out, weights = fn(Q, K, V)
    sums = " ".join(f"{x:.2f}" for x in weights[0].sum(dim=-1))
    print(f"{name}  row sums of head 0: {sums}")
    print(f"{'':13}  max |out - torch| = {(out - reference).abs().max():.2f}")
