"""Check: one real AdamW step, then measure the tensors it keeps per parameter."""

from snippets.practical.ex_adam_solution import adam_state_bytes
from snippets.practical.ex_adam_starter import small

# %%
import torch

predicted = adam_state_bytes(small)
optimizer = torch.optim.AdamW(small.parameters(), lr=1e-3)
ids = torch.randint(0, small.config.vocab_size, (2, 16))
small(ids, labels=ids).loss.backward()
optimizer.step()
measured = sum(t.numel() * t.element_size()
               for state in optimizer.state.values()
               for key, t in state.items() if key != "step")
weights = sum(p.numel() * p.element_size() for p in small.parameters())
assert predicted == measured, (
    f"you predict {predicted:,} bytes, AdamW keeps {measured:,}")
print(f"✓ AdamW keeps {measured / 1e6:.2f} MB for {weights / 1e6:.2f} MB of weights,"
      " as predicted")
