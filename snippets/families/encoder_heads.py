"""Heatmaps of a few real heads: each learned its own way of looking."""

from snippets.families.encoder_attention import A, tokens

# %%
import matplotlib.pyplot as plt

# Score each (layer, head) for three simple habits, then show the champions.
habits = {
    "previous token": A.diagonal(offset=-1, dim1=-2, dim2=-1).mean(-1),
    "next token": A.diagonal(offset=1, dim1=-2, dim2=-1).mean(-1),
    "[CLS]": A[..., 0].mean(-1),
}
picks = []
for habit, score in habits.items():                 # score: (layers, heads)
    layer, head = divmod(score.argmax().item(), score.shape[1])
    picks.append((habit, layer, head))
picks.append(("last layer", A.shape[0] - 1, 0))     # and a head of the top layer

fig, axes = plt.subplots(2, 2, figsize=(7.4, 8))
for ax, (habit, layer, head) in zip(axes.flat, picks, strict=True):
    ax.imshow(A[layer, head].numpy(), cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(tokens)), tokens, rotation=90, fontsize=9)
    ax.set_yticks(range(len(tokens)), tokens, fontsize=9)
    ax.set_title(f"layer {layer}, head {head}: {habit}", fontsize=10)
plt.tight_layout()
plt.show()
for habit, layer, head in picks[:3]:
    print(f"{habit:>14}: layer {layer}, head {head},"
          f" average weight {habits[habit][layer, head]:.2f}")
