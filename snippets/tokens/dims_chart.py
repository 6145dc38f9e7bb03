"""Bar charts: the first 20 of 384 numbers in the embedding of a few words."""

from snippets.tokens.load import tokenizer
from snippets.tokens.real_table import E

# %%
import matplotlib.pyplot as plt

words = ["king", "queen", "cat", "dog"]
n_dims = 20
fig, axes = plt.subplots(len(words), 1, figsize=(7, 5.5),
                         sharex=True, sharey=True)
for ax, word in zip(axes, words, strict=True):
    E_w = E[tokenizer.convert_tokens_to_ids(word), :n_dims].numpy()
    colors = ["tab:blue" if x >= 0 else "#d95f02" for x in E_w]
    ax.bar(range(n_dims), E_w, color=colors)
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.set_ylabel(word, rotation=0, ha="right", va="center")
axes[-1].set_xticks(range(n_dims))
axes[-1].set_xlabel("dimension of the embedding")
fig.suptitle("First 20 dimensions of the token embeddings (all-MiniLM-L6-v2)")
plt.show()
