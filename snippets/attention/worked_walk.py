"""One token's walk through attention, drawn from the worked example's own numbers."""

from snippets.attention.worked_inputs import tokens
from snippets.attention.worked_output import Y
from snippets.attention.worked_qkv import K, Q, V
from snippets.attention.worked_scores import A, S_scaled

# %%
import matplotlib.pyplot as plt
import torch

i = 0                                      # follow "cats"
word = tokens[i]


def strip(ax, M, title, rows):
    """A small matrix as labelled cells, one row per vector."""
    ax.imshow(M, cmap="Blues", vmin=0, vmax=2 * M.max().item())   # pale: ink reads
    for r in range(M.shape[0]):
        for c in range(M.shape[1]):
            x = M[r, c].item()             # whole numbers as integers
            ax.text(c, r, f"{x:g}" if x.is_integer() else f"{x:.2f}",
                    ha="center", va="center", fontsize=9)
    ax.set_yticks(range(len(rows)), rows)
    ax.set_xticks([])
    ax.set_title(title, fontsize=10)


def bars(ax, values, title, color):
    """One horizontal bar per key token, labelled with its value."""
    ax.barh(range(len(tokens)), values, color=color)
    for j, x in enumerate(values.tolist()):
        ax.text(x, j, f" {x:.2f}", va="center", fontsize=9)
    ax.set_yticks(range(len(tokens)), [f"key of {t}" for t in tokens])
    ax.invert_yaxis()
    ax.set_xlim(0, values.max().item() * 1.5)
    ax.set_title(title, fontsize=10)


# Two rows of two: at the page's column width, its text stays at its drawn size
fig, axes = plt.subplots(2, 2, figsize=(7.4, 5.6))
axes = axes.flatten()                      # 1 and 2 on top, 3 and 4 below
strip(axes[0], torch.cat([Q, K, V], dim=1), "1. every token's q | k | v", tokens)
axes[0].set_xticks([1, 4, 7], ["query q", "key k", "value v"])
for x in (2.5, 5.5):
    axes[0].axvline(x, color="black", lw=2)
axes[0].add_patch(plt.Rectangle((-0.5, i - 0.5), 3, 1, fill=False, lw=2.5,
                                edgecolor="tab:red"))      # the query we follow
bars(axes[1], S_scaled[i], rf"2. $q_{{{word}}} \cdot k\,/\sqrt{{d_k}}$", "tab:blue")
bars(axes[2], A[i], "3. softmax: the weights", "tab:green")
weighted = A[i, :, None] * V               # (3, 3): row j = weight_j * v_j
strip(axes[3], torch.cat([weighted, Y[i:i + 1]]), "4. weighted values, summed",
      [f"{a:.2f} × v {t}" for a, t in zip(A[i].tolist(), tokens, strict=True)]
      + [f"y {word}"])
axes[3].axhline(2.5, color="black", lw=1)  # the sum is the last row
fig.tight_layout()
plt.show()
