"""The sentence vectors in two dimensions, coloured by label, the mistakes ringed:
PCA's two directions, then the one direction the head reads."""

from snippets.classify.data import test_texts, y_test, y_train
from snippets.classify.embed import X_test, X_train
from snippets.classify.evaluate import correct
from snippets.classify.head import head
from snippets.classify.mistake import worst

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.decomposition import PCA

pca = PCA(n_components=2).fit(X_train.numpy())   # the 2 directions they vary most in
P_train = pca.transform(X_train.numpy())          # (64, 2)
P_test = pca.transform(X_test.numpy())            # (40, 2)
explained = pca.explained_variance_ratio_.sum()
print(f"PCA: 2 of 384 dimensions keep {explained:.0%} of the variance")

# The head decides on one number: logit(positive) - logit(negative) > 0.
with torch.no_grad():
    margin_train = (head(X_train) @ torch.tensor([-1.0, 1.0])).numpy()   # (64,)
    margin_test = (head(X_test) @ torch.tensor([-1.0, 1.0])).numpy()     # (40,)
wrong = ~correct.numpy()                          # (40,): the head's mistakes
print("held-out reviews on the wrong side of 0:",
      ((margin_test > 0) != np.array(y_test, dtype=bool)).sum())

style = {1: ("positive", "tab:blue", "o"), 0: ("negative", "#d95f02", "s")}
fig, (left, right) = plt.subplots(1, 2, figsize=(7.4, 5.2), layout="constrained")
views = [(left, P_train, P_test, (-40, 58)),     # x, y of each review in each panel,
         (right, np.c_[margin_train, P_train[:, 0]], np.c_[margin_test, P_test[:, 0]],
          (-40, 100))]                            # and where the quote sits
for ax, seen_at, held_at, quote_at in views:
    for y, (name, color, marker) in style.items():
        seen, held = np.array(y_train) == y, np.array(y_test) == y
        ax.scatter(*seen_at[seen].T, s=28, marker=marker, facecolors="none",
                   edgecolors=color, label=f"{name}, training")
        ax.scatter(*held_at[held].T, s=36, marker=marker, color=color,
                   label=f"{name}, held out")
    ax.scatter(*held_at[wrong].T, s=220, facecolors="none", edgecolors="black",
               linewidths=1.5, label=f"misclassified ({wrong.sum()})")
    ax.annotate(f"“{test_texts[worst]}”", held_at[worst], xytext=quote_at,
                textcoords="offset points", fontsize=9, arrowprops={"arrowstyle": "-"},
                bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "0.4"})
left.set(xlabel="first principal component", ylabel="second principal component",
         title=f"PCA: the two largest directions\n({explained:.0%} of the variance)")
right.set_ylim(top=right.get_ylim()[1] + 0.25)    # headroom: the quote hides no point
right.axvline(0, color="0.4", lw=1, ls="--")
right.set(xlabel="logit(positive) − logit(negative):\nthe head's one direction",
          ylabel="first principal component",
          title="The direction the head reads:\n0 decides")
# One legend for both panels, below them: inside a panel it would hide points.
fig.legend(*left.get_legend_handles_labels(), loc="outside lower center", ncols=3,
           fontsize=9)
plt.show()
