"""The causal mask in action: a later word never changes an earlier prediction."""

from snippets.overview.shapes import ids, model, stoi

# %%
import torch

changed = ids.clone()
changed[:, -1] = stoi["."]              # replace the last word of each sentence
with torch.no_grad():
    before, after = model(ids), model(changed)    # (B, n, vocab_size) each
same_earlier = torch.allclose(before[:, :-1], after[:, :-1], atol=1e-6)
print("positions 0..n-2 unchanged:", same_earlier)
last_changed = not torch.allclose(before[:, -1], after[:, -1])
print("last position changed:     ", last_changed)
