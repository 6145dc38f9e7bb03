"""Check: the same probabilities as the head's softmax, for every held-out review."""

from snippets.classify.embed import X_test
from snippets.classify.ex_sigmoid_solution import p_positive
from snippets.classify.head import head

# %%
import torch

ours = p_positive(X_test, head)
with torch.no_grad():
    theirs = head(X_test).softmax(dim=-1)[:, 1]   # the page's P(positive)
assert ours.shape == theirs.shape, (
    f"expected shape {tuple(theirs.shape)}, got {tuple(ours.shape)}")
d = (ours - theirs).abs().max().item()
assert d < 1e-6, f"differs from head(X).softmax(dim=-1)[:, 1] by up to {d:.1e}"
print(f"✓ sigmoid of one dot product = the head's softmax, max diff {d:.1e}")
