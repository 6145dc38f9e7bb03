"""The loss, step by step: a slow fall past two guesses, then a sudden drop."""

from snippets.learning.train_decoder import losses

# %%
import math

import matplotlib.pyplot as plt

# What a guess costs without finding the earlier copy, averaged over m = 6..16:
ms = range(6, 17)
guesses = {
    "1 of 24 letters": math.log(24),
    "1 of the m letters seen": sum(math.log(m) for m in ms) / len(ms),
    # the j-th repeat has m - j letters left: mean of ln(m-1), ..., ln(1)
    "1 of the letters not yet repeated": sum(math.lgamma(m) / (m - 1) for m in ms)
    / len(ms),
}
for name, loss in guesses.items():
    print(f"guess {name:34} loss {loss:.2f}")

mean10 = [sum(losses[i:i + 10]) / 10 for i in range(0, len(losses), 10)]  # per 10 steps
best_guess = guesses["1 of the letters not yet repeated"]
beats_guess = 10 * next(i for i, mean in enumerate(mean10) if mean < best_guess)
below_01 = 10 * next(i for i, mean in enumerate(mean10) if mean < 0.1)
print(f"mean loss of steps 0-9: {mean10[0]:.2f}, of steps 100-109: {mean10[10]:.2f}")
print(f"first 10 steps with a mean below {best_guess:.2f}: "
      f"{beats_guess}-{beats_guess + 9}; below 0.1: {below_01}-{below_01 + 9}")

fig, ax = plt.subplots(figsize=(7.2, 3.4))
ax.plot(losses, lw=1)
# The three guesses lie too close on a log axis for labels on the lines: a dash
# style each, named in a legend in the empty lower left.
for (name, loss), dashes in zip(guesses.items(), ["--", "-.", ":"], strict=True):
    ax.axhline(loss, color="0.4", ls=dashes, lw=1.2, label=f"guess {name}")
ax.set_yscale("log")
ax.set_xlabel("training step")
ax.set_ylabel("cross-entropy loss")
ax.legend(loc="lower left", fontsize=9)
plt.tight_layout()
plt.show()
