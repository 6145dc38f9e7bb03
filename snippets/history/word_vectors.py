"""Word vectors: each word is a row of numbers, and similar words get similar rows."""

# %%
import pandas as pd
import torch

# Hand-made vectors of d = 4 numbers: (person, event, sentiment, strength).
# A trained model learns its own vectors, with hundreds of unnamed columns.
words = ["ada", "bob", "beat", "match", "was",
         "the", "very", "good", "great", "bad"]
E = torch.tensor([
    [0.9, 0.0, 0.1, 0.0],   # ada
    [0.8, 0.1, -0.1, 0.0],  # bob
    [0.1, 0.9, 0.2, 0.3],   # beat
    [0.0, 0.8, 0.0, 0.0],   # match
    [0.0, 0.2, 0.0, 0.0],   # was
    [0.1, 0.1, 0.0, 0.0],   # the
    [0.0, 0.0, 0.1, 0.9],   # very
    [0.0, 0.0, 0.9, 0.2],   # good
    [0.0, 0.0, 0.9, 0.5],   # great
    [0.0, 0.0, -0.9, 0.2],  # bad
])                          # (vocab_size, d) = (10, 4): one row per word
index = {w: i for i, w in enumerate(words)}


def embed(sentence: str) -> torch.Tensor:
    """Look up each word's row: n words become an (n, d) matrix."""
    return E[[index[w] for w in sentence.split()]]


# Cosine similarity: 1 = same direction, 0 = unrelated, -1 = opposite.
some = ["good", "great", "bad", "ada", "bob"]
X = torch.nn.functional.normalize(embed(" ".join(some)), dim=-1)
pd.DataFrame((X @ X.T).numpy(), index=some, columns=some).round(2)
