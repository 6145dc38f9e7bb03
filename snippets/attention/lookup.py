"""Attention is a soft library lookup: every shelf answers, as much as it matches."""

# %%
import torch

# Three shelves. Each has a label (its key) and holds something (its value).
# Label features: [animals, sport]
keys = torch.tensor([[1.0, 0.0],      # shelf 0: "animals"
                     [0.0, 1.0],      # shelf 1: "sport"
                     [0.6, 0.6]])     # shelf 2: "animals in sport"
values = torch.tensor([10.0, 20.0, 30.0])  # what each shelf hands over
query = torch.tensor([2.0, 1.0])      # a request: mostly animals, some sport

scores = keys @ query         # (3,): how well each label matches the request
hard = torch.zeros(3)
hard[scores.argmax()] = 1.0   # a Python dict: only the best shelf answers
soft = scores.softmax(dim=0)  # attention: every shelf answers, by its match

print("scores:      ", scores)
print("hard weights:", hard, "-> answer", hard @ values)
print("soft weights:", soft.round(decimals=3), "-> answer", soft @ values)
