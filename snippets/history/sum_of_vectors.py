"""Summing word vectors: saying the same thing twice doubles the summary."""

from snippets.history.word_vectors import embed

# %%
import torch

once = "the match was good"
twice = "the match was good the match was good"
for sentence in (once, twice):
    total = embed(sentence).sum(dim=0)       # (d,): one vector for the sentence
    print(f"{sentence!r}\n  sum = {total}  length = {total.norm():.2f}")

doubled = torch.allclose(embed(twice).sum(dim=0), 2 * embed(once).sum(dim=0))
same_mean = torch.allclose(embed(twice).mean(dim=0), embed(once).mean(dim=0))
print("sum of 'twice' = 2 x sum of 'once':", doubled)
print("mean of 'twice' = mean of 'once': ", same_mean)
