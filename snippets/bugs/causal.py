"""Bug 3: a causal mask with the wrong triangle, or none: the future leaks."""

from snippets.bugs.reference import attention

# %%
import torch

torch.manual_seed(1)
n, d_model = 6, 16
X = torch.randn(n, d_model)                     # (n, d_model): one row per token
W_q, W_k, W_v = (torch.randn(3, d_model, d_model) / d_model**0.5).unbind(0)


def self_attention(X, mask=None):
    out, _ = attention(X @ W_q, X @ W_k, X @ W_v, mask)
    return out                                   # (n, d_model)


ones = torch.ones(n, n, dtype=torch.bool)
masks = {
    "no mask":              None,           # BUG: every token sees every token
    "wrong triangle triu()": ones.triu(),   # BUG: token i sees i..n-1, the future
    "fixed: tril()":         ones.tril(),   # token i sees 0..i
}
X_changed = X.clone()
X_changed[5] = torch.randn(d_model)              # change the LAST token only
for name, mask in masks.items():
    diff = (self_attention(X, mask) - self_attention(X_changed, mask)).abs()
    changed = (diff.amax(dim=-1) > 1e-6).nonzero().flatten().tolist()
    print(f"{name:22} changing token 5 changes outputs {changed}")
