"""Watch RoPE turn each feature pair of one query as its position grows."""

from snippets.positions.rope import rope

# %%
import matplotlib.pyplot as plt
import torch

d = 8
q = torch.tensor([1.0, 0.0] * (d // 2))          # every pair starts at (1, 0)
positions = torch.arange(16)
q_at = rope(q.expand(len(positions), d), positions)  # (16, d): q at 0..15

fig, axes = plt.subplots(1, d // 2, figsize=(7.4, 2.6))
for r, ax in enumerate(axes):
    x, y = q_at[:, 2 * r], q_at[:, 2 * r + 1]    # pair r at every position
    ax.add_patch(plt.Circle((0, 0), 1, fill=False, color="0.55"))
    ax.scatter(x, y, color="tab:blue", s=18, zorder=2)
    last = None                                  # number each dot, unless it sits
    for p in positions.tolist():                 # on the last numbered one
        if last is None or ((x[p] - x[last])**2 + (y[p] - y[last])**2) > 0.25**2:
            ax.annotate(str(p), (x[p], y[p]), xytext=(1.22 * x[p], 1.22 * y[p]),
                        ha="center", va="center", fontsize=9)
            last = p
    ax.set_title(f"pair {r}: θ = {10000 ** (-2 * r / d):g}", fontsize=10)
    ax.set_xlim(-1.3, 1.3)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
fig.suptitle("positions 0 to 15, numbered: "
             "early pairs spin, late pairs crawl", fontsize=11)
fig.tight_layout()
plt.show()
