"""Sentence embeddings by mean pooling, and their cosine similarities as a heatmap."""

from snippets.tokens.load import model, tokenizer

# %%
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

texts = ["happy", "sad", "dog", "cat", "king", "queen"]
batch = tokenizer(texts, padding=True, return_tensors="pt")
with torch.no_grad():
    X = model(**batch).last_hidden_state          # (6, n, d_model)
mask = batch["attention_mask"].unsqueeze(-1)      # (6, n, 1): 0 on padding
# One vector per sentence, (6, d_model): the mean of its real tokens, at unit length.
sentence_vecs = (X * mask).sum(dim=1) / mask.sum(dim=1)
sentence_vecs = F.normalize(sentence_vecs, dim=-1)
sim = sentence_vecs @ sentence_vecs.T             # (6, 6) cosine similarities

fig, ax = plt.subplots(figsize=(4.8, 4))
im = ax.imshow(sim.numpy(), cmap="viridis", vmin=0, vmax=1)
ax.set_xticks(range(len(texts)), texts)
ax.set_yticks(range(len(texts)), texts)
for i in range(len(texts)):
    for j in range(len(texts)):
        ax.text(j, i, f"{sim[i, j]:.2f}", ha="center", va="center",
                fontsize=9, color="black" if sim[i, j] > 0.6 else "white")
fig.colorbar(im, ax=ax, shrink=0.8)
ax.set_title("Cosine similarity of sentence embeddings")
plt.show()
