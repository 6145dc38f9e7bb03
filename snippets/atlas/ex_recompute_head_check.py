"""Check: each head of layer 0 equals MiniLM's own output_attentions=True."""

from snippets.atlas.ex_recompute_head_solution import head_weights
from snippets.atlas.ex_recompute_head_starter import X, attn
from snippets.atlas.weights import atlas

# %%
import torch

tokens, A = atlas["MiniLM"][0]           # A: (layers, n_h, n, n), first sentence
n = len(tokens)
worst = 0.0
for i in range(A.shape[1]):
    ours = head_weights(X, attn, i)
    assert tuple(ours.shape) == (n, n), (
        f"head {i}: expected shape {(n, n)}, got {tuple(ours.shape)}")
    assert torch.allclose(ours.sum(-1), torch.ones(n), atol=1e-5), (
        f"head {i}: rows must sum to 1 (softmax over the keys, dim=-1)")
    d = (ours - A[0, i]).abs().max().item()
    assert d < 1e-5, f"head {i}: differs from the model's own weights by {d:.1e}"
    worst = max(worst, d)
print(f"✓ all {A.shape[1]} heads of layer 0 match MiniLM's attentions,"
      f" max diff {worst:.1e}")
