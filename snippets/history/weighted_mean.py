"""A fixed weighted mean: weights chosen in advance still cannot see word order."""

from snippets.history.word_vectors import embed

# %%
import torch

# One importance weight per word, fixed before any sentence is seen.
importance = {"ada": 2.0, "bob": 2.0, "beat": 3.0, "the": 0.5, "was": 0.5, "match": 1.0}


def weighted_mean(sentence: str) -> torch.Tensor:
    """sum_i lambda_i x_i / sum_i lambda_i, lambda_i looked up from the word alone."""
    X = embed(sentence)                                                # (n, d)
    lam = torch.tensor([importance[word] for word in sentence.split()])  # (n,)
    return (lam[:, None] * X).sum(dim=0) / lam.sum()                   # (d,)


ada_first = weighted_mean("ada beat bob")
bob_first = weighted_mean("bob beat ada")
print("weighted mean of 'ada beat bob':", ada_first)
print("weighted mean of 'bob beat ada':", bob_first)
print("same summary:", torch.allclose(ada_first, bob_first))
