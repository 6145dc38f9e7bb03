"""Time a forward pass under each mode yourself: numbers depend on your machine."""

from snippets.practical.load import model, tokenizer
from snippets.practical.saved_for_backward import MODES

# %%
import time

import torch

# 64 tokens keep the twelve calls to a few seconds on a laptop CPU; try longer
# inputs, or your own batch, to time the work you will really do.
ids = torch.randint(len(tokenizer), (1, 64),
                    generator=torch.Generator().manual_seed(0))
seconds = {}
for mode, context in MODES.items():
    with context():
        model(input_ids=ids)              # warm-up: the first call costs more
        start = time.perf_counter()
        for _ in range(3):
            model(input_ids=ids)
        seconds[mode] = (time.perf_counter() - start) / 3
# Not printed on this page: timings change from run to run. See yours with
# print(seconds)
