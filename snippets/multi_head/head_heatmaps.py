"""One small heatmap per head: the same sentence, eight different weight patterns."""

from snippets.multi_head.mha_module import MultiHeadAttention

# %%
import matplotlib.pyplot as plt
import torch

tokens = ["the", "bat", "flew", "out", "of", "the", "dark", "cave"]
torch.manual_seed(1)
small = MultiHeadAttention(d_model=64, n_h=8)       # d_k = 8 per head
X_small = 3 * torch.randn(1, len(tokens), 64)           # stand-in token vectors
with torch.no_grad():
    _, A = small(X_small)                               # (1, 8, 8, 8)

fig, axes = plt.subplots(2, 4, figsize=(7.4, 4.9), sharex=True, sharey=True)
for h, ax in enumerate(axes.flat):
    ax.imshow(A[0, h], cmap="Blues", vmin=0, vmax=1)
    ax.set_title(f"head {h}", fontsize=10)
    ax.set_xticks(range(len(tokens)), tokens, rotation=90, fontsize=9)
    ax.set_yticks(range(len(tokens)), tokens, fontsize=9)
fig.supxlabel("key (attended to)")
fig.supylabel("query (attending)")
fig.tight_layout()
plt.show()
