"""The task: distinct random letters, then the same letters again."""

# %%
import torch

letters = "abcdefghijklmnopqrstuvwx"         # 24 tokens, ids 0..23
BOS = len(letters)                            # id 24 starts every sequence
vocab_size = len(letters) + 1


def make_batch(batch, m, gen):
    """BOS, then m distinct random letters, then the same m letters again."""
    first = torch.rand(batch, len(letters), generator=gen).argsort(dim=-1)[:, :m]
    bos = torch.full((batch, 1), BOS)
    return torch.cat([bos, first, first], dim=1)     # (batch, 2m + 1)


def show(ids):
    return ["^" if i == BOS else letters[i] for i in ids.tolist()]


gen = torch.Generator().manual_seed(0)
m = 8
example = make_batch(1, m, gen)[0]                    # (2m + 1,)
print("position", *[f"{i:>2}" for i in range(2 * m + 1)])
print("token   ", *[f"{t:>2}" for t in show(example)])
i = 11                                                # in the second half
print(f"at {i} ({show(example)[i]}) the next letter is the one after",
      f"its first copy: position {i - m + 1} ({show(example)[i - m + 1]})")
