"""The task: distinct random letters, then the same letters again."""

# %%
import torch

letters = "abcdefghijklmnopqrstuvwx"         # 24 tokens, ids 0..23
BOS = len(letters)                            # id 24 starts every sequence
vocab = len(letters) + 1


def make_batch(batch, L, g):
    """BOS, then L distinct random letters, then the same L letters again."""
    first = torch.rand(batch, len(letters), generator=g).argsort(dim=-1)[:, :L]
    bos = torch.full((batch, 1), BOS)
    return torch.cat([bos, first, first], dim=1)     # (batch, 2L + 1)


def show(ids):
    return ["^" if i == BOS else letters[i] for i in ids.tolist()]


g = torch.Generator().manual_seed(0)
L = 8
example = make_batch(1, L, g)[0]                      # (2L + 1,)
print("position", *[f"{p:>2}" for p in range(2 * L + 1)])
print("token   ", *[f"{t:>2}" for t in show(example)])
p = 11                                                # in the second half
print(f"at {p} ({show(example)[p]}) the next letter is the one after",
      f"its first copy: position {p - L + 1} ({show(example)[p - L + 1]})")
