"""The three families' masks drawn side by side (True = blue = may attend)."""

from snippets.families.masks import causal_mask, encoder_decoder_mask, full_mask

# %%
import matplotlib.pyplot as plt

text = ["the", "cat", "sat", "down"]
src, tgt = ["the", "cat", "sat"], ["<s>", "le", "chat"]
panels = [
    ("Encoder-only: full", full_mask(4, 4), text, text),
    ("Decoder-only: causal", causal_mask(4), text, text),
    ("Encoder-decoder", encoder_decoder_mask(3, 3), src + tgt, src + tgt),
]
fig, axes = plt.subplots(1, 3, figsize=(7.4, 3.4))
for ax, (title, M, rows, cols) in zip(axes, panels, strict=True):
    ax.imshow(M.numpy(), cmap="Blues", vmin=0, vmax=1.4)
    ax.set_xticks(range(len(cols)), cols, rotation=90)
    ax.set_yticks(range(len(rows)), rows)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("key (attended to)")
axes[0].set_ylabel("query (attending)")
ax = axes[2]
ax.axhline(2.5, color="black", lw=1)
ax.axvline(2.5, color="black", lw=1)
for (x, y), label in {(1, 1): "encoder\nself", (1, 4): "cross",
                      (4.6, 3.1): "decoder\nself", (4, 1): "(none)"}.items():
    white = label in ("encoder\nself", "cross")      # text on a blue area
    ax.text(x, y, label, ha="center", va="center", fontsize=9,
            color="white" if white else "black")
plt.tight_layout()
plt.show()
