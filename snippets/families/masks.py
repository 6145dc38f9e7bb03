"""Who may attend to whom: the attention masks of the three families, side by side."""

# %%
import matplotlib.pyplot as plt
import torch


def full_mask(n_q: int, n_k: int) -> torch.Tensor:
    """Every query sees every key (True = may attend)."""
    return torch.ones(n_q, n_k, dtype=torch.bool)


def causal_mask(n: int) -> torch.Tensor:
    """Query i sees keys 0..i only: the lower triangle, diagonal included."""
    return torch.ones(n, n, dtype=torch.bool).tril()


def encoder_decoder_mask(n_src: int, n_tgt: int) -> torch.Tensor:
    """All three masks of an encoder-decoder in one (n_src+n_tgt) square matrix.

    Rows are queries, columns keys, source tokens first. The encoder never sees
    the target (top right stays False).
    """
    n = n_src + n_tgt
    M = torch.zeros(n, n, dtype=torch.bool)
    M[:n_src, :n_src] = full_mask(n_src, n_src)    # encoder self-attention
    M[n_src:, :n_src] = full_mask(n_tgt, n_src)    # cross-attention
    M[n_src:, n_src:] = causal_mask(n_tgt)         # decoder self-attention
    return M


text = ["the", "cat", "sat", "down"]
src, tgt = ["the", "cat", "sat"], ["<s>", "le", "chat"]
panels = [
    ("Encoder-only: full", full_mask(4, 4), text, text),
    ("Decoder-only: causal", causal_mask(4), text, text),
    ("Encoder-decoder", encoder_decoder_mask(3, 3), src + tgt, src + tgt),
]
fig, axes = plt.subplots(1, 3, figsize=(9, 3.4))
for ax, (title, M, rows, cols) in zip(axes, panels, strict=True):
    ax.imshow(M, cmap="Blues", vmin=0, vmax=1.4)
    ax.set_xticks(range(len(cols)), cols, rotation=90)
    ax.set_yticks(range(len(rows)), rows)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("key (attended to)")
axes[0].set_ylabel("query (attending)")
ax = axes[2]
ax.axhline(2.5, color="black", lw=1)
ax.axvline(2.5, color="black", lw=1)
for (x, y), label in {(1, 1): "encoder\nself", (1, 4): "cross",
                      (4.5, 3.5): "decoder\nself", (4, 1): "(none)"}.items():
    ax.text(x, y, label, ha="center", va="center", fontsize=8,
            color="black" if label == "(none)" else "white")
plt.tight_layout()
plt.show()
