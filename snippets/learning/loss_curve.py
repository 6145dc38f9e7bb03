"""The loss, step by step: a plateau, then a sudden drop."""

from snippets.learning.train_decoder import losses

# %%
import math

import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 2.8))
ax.plot(losses, lw=1)
ax.axhline(math.log(24), color="gray", ls="--", lw=1)   # a uniform guess
ax.text(len(losses), math.log(24), "guessing 1 of 24 letters",
        ha="right", va="bottom", fontsize=8, color="gray")
ax.set_yscale("log")
ax.set_xlabel("training step")
ax.set_ylabel("cross-entropy loss")
plt.tight_layout()
plt.show()
