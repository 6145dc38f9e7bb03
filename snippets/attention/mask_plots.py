"""Four masks side by side: encoder, decoder, padding, and BERT-style masked tokens."""

from snippets.attention.masks import causal_mask

# %%
import matplotlib.pyplot as plt
import torch
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

words = ["the", "cat", "sat", "on", "the", "warm", "red", "mat"]
n = len(words)
HIDDEN, SEEN, MASKED = 0, 1, 2           # cell values -> colours below

encoder = torch.full((n, n), SEEN)       # every token sees every token
decoder = causal_mask(n).int()           # SEEN on and below the diagonal
# A shorter sentence in the same batch is filled up to n with [PAD] tokens.
pad_words = ["the", "dog", "barked", ".", "[PAD]", "[PAD]", "[PAD]", "[PAD]"]
padding = torch.full((n, n), SEEN)
padding[:, 4:] = HIDDEN                  # no query may look at a [PAD] key

# BERT-style training: 15% of the input tokens (here 2 of 8, chosen at random)
# are to be guessed; most of them (80%) are replaced by [MASK], as drawn here.
# Attention still sees every position, but finds [MASK], not the word.
gen = torch.Generator().manual_seed(0)
masked_pos = torch.randperm(n, generator=gen)[:2]
bert = torch.full((n, n), SEEN)
bert[:, masked_pos] = MASKED
bert_words = ["[MASK]" if i in masked_pos else w for i, w in enumerate(words)]

panels = [("encoder: sees all", encoder, words),
          ("decoder: sees the past", decoder, words),
          ("padding: ignores [PAD]", padding, pad_words),
          ("BERT-style: random [MASK]", bert, bert_words)]
cmap = ListedColormap(["#eeeeee", "#1f77b4", "#d95f02"])
fig, axes = plt.subplots(2, 2, figsize=(7.5, 8))
for ax, (title, mask, labels) in zip(axes.flat, panels, strict=True):
    ax.imshow(mask, cmap=cmap, vmin=0, vmax=2)
    ax.set_xticks(range(n), labels, rotation=90, fontsize=9)
    ax.set_yticks(range(n), labels, fontsize=9)
    ax.set_title(title, fontsize=11)
    ax.set_xlabel("key")
for ax in axes[:, 0]:
    ax.set_ylabel("query")
labels = ["hidden", "seen", "seen, but the word is replaced by [MASK]"]
handles = [Patch(facecolor=c, edgecolor="0.4", label=t)
           for c, t in zip(cmap.colors, labels, strict=True)]
fig.legend(handles=handles, loc="lower center", ncol=2, frameon=False)
fig.tight_layout(rect=(0, 0.06, 1, 1))
plt.show()
