"""Temperature divides the logits: T < 1 sharpens the distribution, T > 1 flattens."""

from snippets.output_head.top5 import tokenizer, z

# %%
import math

import matplotlib.pyplot as plt
import numpy as np


def entropy_bits(p):
    """H(p) = -sum p log2 p: 0 bits if certain, log2(vocab_size) if uniform."""
    return -(p * p.clamp_min(1e-30).log2()).sum().item()


vocab_size = z.numel()
print(f"uniform over all {vocab_size:,} tokens: {math.log2(vocab_size):.2f} bits")
temperatures = [0.5, 1.0, 2.0]
probs = {T: (z / T).softmax(dim=-1) for T in temperatures}
for T, p_T in probs.items():
    print(f"T = {T}: top probability {p_T.max():.3f},"
          f" entropy {entropy_bits(p_T):.2f} bits")

# As T -> 0 all the probability goes to the argmax: sampling becomes greedy.
p_cold = (z / 1e-3).softmax(dim=-1)
print("T = 0.001: top probability", round(p_cold.max().item(), 3),
      "| same token as argmax:", p_cold.argmax().item() == z.argmax().item())

ids = probs[1.0].topk(8).indices                   # the 8 likeliest at T = 1
x = np.arange(len(ids))
fig, ax = plt.subplots(figsize=(8, 3.4))
colors = ["tab:blue", "#d95f02", "tab:green"]   # 3:1 against a white and a dark page
for k, T in enumerate(temperatures):
    ax.bar(x + (k - 1) * 0.27, probs[T][ids].numpy(), width=0.27, color=colors[k],
           label=f"T = {T}")
ax.set_xticks(x, [repr(tokenizer.decode(i)) for i in ids], rotation=30)
ax.set_yscale("log")                  # small probabilities stay visible
ax.set_ylabel("probability (log scale)")
ax.set_title("Next token after 'The capital of France is'")
ax.legend()
plt.tight_layout()
plt.show()
