"""The two best heads, before and after training (a square-root colour scale)."""

from snippets.learning.decoder import untrained
from snippets.learning.head_scores import scores
from snippets.learning.task import example, show
from snippets.learning.train_decoder import model

# %%
import matplotlib.pyplot as plt
import torch
from matplotlib.colors import PowerNorm

h0 = scores["trained", "previous token"].loc[0].idxmax()   # best in layer 0
h1 = scores["trained", "induction"].loc[1].idxmax()        # best in layer 1
ids = example[None]                                        # (1, 2m + 1)
n, labels = ids.shape[1], show(example)
m = (n - 1) // 2
second = torch.arange(m + 1, n)                            # second half
expected = {0: (torch.arange(1, n), torch.arange(0, n - 1)),   # previous
            1: (second, second - m + 1)}                   # induction target

# A square-root scale: an even spread of ~1/n per key stays visible next to 1.0.
norm = PowerNorm(gamma=0.5, vmin=0, vmax=1)
fig, axes = plt.subplots(2, 2, figsize=(7.4, 7.2), layout="constrained")
for row, (name, net) in enumerate([("untrained", untrained), ("trained", model)]):
    with torch.no_grad():
        net(ids)
    for col, (layer, head) in enumerate([(0, h0), (1, h1)]):
        ax = axes[row, col]
        A = net.blocks[layer].attn.weights[0, head]        # (n, n)
        image = ax.imshow(A.numpy(), cmap="Blues", norm=norm)
        rows, cols = expected[layer]
        ax.scatter(cols, rows, s=40, facecolors="none", edgecolors="#d95f02")
        ax.set_xticks(range(n), labels, fontsize=9)
        ax.set_yticks(range(n), labels, fontsize=9)
        ax.set_title(f"{name}: layer {layer}, head {head}", fontsize=10)
        if name == "trained":                              # how sharp is it?
            rows, cols = expected[layer]
            hits = (A[rows].argmax(dim=-1) == cols).sum().item()
            print(f"trained layer {layer}, head {head}: largest weight on the circle "
                  f"in {hits} of {len(rows)} rows, weight {A[rows, cols].min():.2f} "
                  f"to {A[rows, cols].max():.2f}")
for ax in axes[1]:
    ax.set_xlabel("key (attended to)")
for ax in axes[:, 0]:
    ax.set_ylabel("query")
fig.colorbar(image, ax=axes, label="weight (square-root scale)", shrink=0.6)
plt.show()
