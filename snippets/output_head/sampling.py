"""Sampling draws the next token at random; a seeded generator makes it repeatable."""

from snippets.output_head.greedy import write
from snippets.output_head.head import batch
from snippets.output_head.load import tokenizer

# %%
import torch

n_prompt = batch["input_ids"].shape[1]
samples = {}
for T in (0.7, 1.5):
    for seed in (0, 1):
        g = torch.Generator().manual_seed(seed)   # its own random stream
        ids = write(batch["input_ids"], 6, temperature=T, generator=g)
        samples[T, seed] = ids
again = write(batch["input_ids"], 6, temperature=1.5,
              generator=torch.Generator().manual_seed(1))

for (T, seed), ids in samples.items():
    print(f"T = {T}, seed {seed}:", repr(tokenizer.decode(ids[0, n_prompt:])))
print("same seed, same text:", torch.equal(again, samples[1.5, 1]))
