"""Draw the attention weights of a short sentence as an annotated heatmap."""

from snippets.attention.attention_fn import attention

# %%
import matplotlib.pyplot as plt
import torch

tokens = ["the", "cat", "sat", "on", "the", "mat"]
torch.manual_seed(3)
X = torch.randn(len(tokens), 8)      # stand-in token vectors (d_model = 8)
W_q, W_k, W_v = torch.randn(3, 8, 8).unbind(0)
_, A_causal = attention(X @ W_q, X @ W_k, X @ W_v, causal=True)

fig, ax = plt.subplots(figsize=(4.8, 4))
ax.imshow(A_causal, cmap="Blues", vmin=0, vmax=1)
ax.set_xticks(range(len(tokens)), tokens)
ax.set_yticks(range(len(tokens)), tokens)
ax.set_xlabel("key (attended to)")
ax.set_ylabel("query (attending)")
for i in range(len(tokens)):
    for j in range(len(tokens)):
        a = A_causal[i, j].item()
        ax.text(j, i, f"{a:.2f}", ha="center", va="center", fontsize=9,
                color="white" if a > 0.6 else "black")
ax.set_title("Causal attention weights (each row sums to 1)")
plt.show()
