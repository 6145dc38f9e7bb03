"""Split and concatenate, drawn: the columns of Q go to the heads, W_o mixes them."""

from snippets.multi_head.shapes import W_o, Q, concat, d_k, heads, n_h, out

# %%
import matplotlib.pyplot as plt
import torch

# W_o's rows come in the same blocks of d_k as concat's columns: rows i*64 .. i*64+63
# read head i, so out = sum over i of heads[i] @ W_o[those rows].
parts = torch.stack([heads[i] @ W_o[i * d_k : (i + 1) * d_k]
                     for i in range(n_h)])     # (n_h, n, d_model)
print("out = sum of the heads' parts:", torch.allclose(parts.sum(0), out, atol=1e-5))
share = parts.norm(dim=-1).T                   # (n, n_h): token by head
smallest = (share.min(dim=1).values / share.max(dim=1).values).min()
print(f"smallest part / largest part of a token's output: {smallest:.2f}")

fig = plt.figure(figsize=(7.4, 7.6), layout="constrained")
top, middle, bottom = fig.subfigures(3, 1, height_ratios=[1, 1.15, 1.2])
bands = [(i + 0.5) * d_k for i in range(n_h)]  # the middle of each head's columns


def banded(ax, M, title):
    """A (n, n_h * d_k) matrix with a line between heads and the heads named below."""
    ax.imshow(M, cmap="RdBu_r", vmin=-M.abs().max(), vmax=M.abs().max(), aspect="auto",
              interpolation="nearest")
    # Long ticks above and below mark where one head's columns end and the next begin.
    ax.set_xticks([i * d_k - 0.5 for i in range(n_h + 1)], [])
    ax.tick_params(axis="x", which="major", length=12, width=1.2, top=True)
    ax.set_xticks(bands, [f"head {i}" for i in range(n_h)], minor=True, fontsize=9)
    ax.tick_params(axis="x", which="minor", length=0)
    ax.set_ylabel("token")
    ax.set_title(title, fontsize=10, pad=16)


banded(top.subplots(), Q, f"$Q = X W_q$ {tuple(Q.shape)}: "
       f"columns {d_k}$i$ … {d_k}$i$+{d_k - 1} go to head $i$")

middle.suptitle(r"each head attends on its own slice: $\mathrm{head}_i ="
                r" \mathrm{softmax}(Q^{(i)} K^{(i)\top} / \sqrt{d_k})\, V^{(i)}$",
                fontsize=10)
for i, ax in enumerate(middle.subplots(1, n_h, sharey=True)):
    ax.imshow(heads[i], cmap="RdBu_r", vmin=-heads.abs().max(), vmax=heads.abs().max(),
              aspect="auto", interpolation="nearest")
    ax.set_title(f"head {i}\n{tuple(heads[i].shape)}", fontsize=9)
    ax.set_xticks([])

left, right = bottom.subplots(1, 2, width_ratios=[4, 1])
banded(left, concat, f"concat {tuple(concat.shape)}: the heads side by side again")
image = right.imshow(share, cmap="viridis", vmin=0, aspect="auto",
                     interpolation="nearest")
right.set_xticks(range(n_h))
right.set_xlabel("head")
right.set_title("$W_o$ mixes them: each\nhead's part of the output", fontsize=10)
bottom.colorbar(image, ax=right, label=r"$\|\mathrm{head}_i\, W_o^{(i)}\|$")
plt.show()
