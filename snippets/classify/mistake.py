"""The most confident mistake, and the training reviews closest to it."""

from snippets.classify.data import test_texts, train_texts, y_train
from snippets.classify.embed import X_test, X_train
from snippets.classify.evaluate import correct, label, probs

# %%
import pandas as pd

confidence = probs.max(dim=-1).values
wrong = (~correct).nonzero().flatten()
worst = wrong[confidence[wrong].argmax()].item()     # wrong, and most sure
print(f"{test_texts[worst]!r}: P(positive) = {probs[worst, 1]:.3f}")

similarity = X_train @ X_test[worst]                 # cosines: vectors have length 1
nearest = similarity.argsort(descending=True)[:5]
neighbours = pd.DataFrame({
    "closest training reviews": [train_texts[i] for i in nearest],
    "label": [label[y_train[i]] for i in nearest],
    "cosine": similarity[nearest].numpy().round(2),
})
neighbours
