"""Baseline: a bag of words, the same head, the same training."""

from snippets.classify.data import test_texts, train_texts, y_test, y_train
from snippets.classify.evaluate import correct
from snippets.classify.head import train_head

# %%
import re

import pandas as pd
import torch


def words(text):
    return re.findall(r"[a-z']+", text.lower())


vocabulary = sorted({w for t in train_texts for w in words(t)})
index = {w: i for i, w in enumerate(vocabulary)}


def bag_of_words(texts):
    """One count per vocabulary word; order is lost, unknown words dropped."""
    X = torch.zeros(len(texts), len(vocabulary))
    for row, text in enumerate(texts):
        for w in words(text):
            if w in index:
                X[row, index[w]] += 1
    return X


bow_head, _ = train_head(bag_of_words(train_texts), y_train)
with torch.no_grad():
    bow_predicted = bow_head(bag_of_words(test_texts)).argmax(dim=-1)
bow_correct = bow_predicted == torch.tensor(y_test)

test_words = [w for t in test_texts for w in words(t)]
unknown = sum(w not in index for w in test_words) / len(test_words)
print(f"vocabulary: {len(vocabulary)} words;",
      f"{unknown:.0%} of the held-out words are not in it")
comparison = pd.DataFrame({
    "held-out accuracy": [bow_correct.float().mean().item(),
                          correct.float().mean().item()],
}, index=["bag of words + linear head", "MiniLM embedding + linear head"])
comparison.round(3)
