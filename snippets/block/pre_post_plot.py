"""The same two stacks, layer by layer: the size of x after every layer, as lines."""

from snippets.block.pre_post import layers, norms, post_norm, pre_norm, x

# %%
import matplotlib.pyplot as plt
import torch


def rms(h):
    return h.pow(2).mean().sqrt().item()


h_post, h_pre = x, x
post_rms, pre_rms = [], []
with torch.no_grad():
    for f, norm in zip(layers, norms, strict=True):
        h_post, h_pre = post_norm(h_post, f, norm), pre_norm(h_pre, f, norm)
        post_rms.append(rms(h_post))
        pre_rms.append(rms(h_pre))

depth = range(1, len(layers) + 1)
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(depth, post_rms, marker="o", ms=3, label="post-norm: norm(x + f(x))")
ax.plot(depth, pre_rms, marker="s", ms=3, color="#d95f02",
        label="pre-norm: x + f(norm(x))")
ax.set_xlabel("layers")
ax.set_ylabel("rms of x")
ax.set_ylim(bottom=0)
ax.legend()
ax.set_title("Post-norm resets the stream; pre-norm lets it grow")
plt.show()
