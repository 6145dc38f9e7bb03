"""Accuracy on the held-out reviews, and a few predictions with probabilities."""

from snippets.classify.data import test_texts, y_test
from snippets.classify.embed import X_test
from snippets.classify.head import head

# %%
import pandas as pd
import torch

with torch.no_grad():
    probs = head(X_test).softmax(dim=-1)                # (40, 2)
predicted = probs.argmax(dim=-1)
correct = predicted == torch.tensor(y_test)
print(f"held-out accuracy: {correct.float().mean().item():.1%}",
      f"({correct.sum().item()} of {len(y_test)})")

label = {1: "positive", 0: "negative"}
predictions = pd.DataFrame({
    "review": test_texts,
    "label": [label[y] for y in y_test],
    "P(positive)": probs[:, 1].numpy().round(3),
    "right": correct.numpy(),
})
predictions.iloc[[0, 10, 19, 20, 30, 31]]
