"""Check: against the logits the meta-device model returns, and logits_to_keep=1."""

from snippets.real_model.ex_logits_bytes_solution import logits_bytes
from snippets.real_model.load import config, model

# %%
import torch

batch, n = 4, 1024
ids = torch.zeros(batch, n, dtype=torch.long, device=model.device)
with torch.no_grad():
    logits = model(ids).logits                   # (batch, n, vocab_size)
    last = model(ids, logits_to_keep=1).logits   # (batch, 1, vocab_size)
real = logits.numel() * logits.element_size()
guess = logits_bytes(config, batch, n, logits.dtype)
assert guess == real, (
    f"logits of shape {tuple(logits.shape)} in {logits.dtype} take {real:,} bytes, "
    f"you computed {guess}")
kept = logits_bytes(config, batch, 1, last.dtype)
assert kept == last.numel() * last.element_size(), (
    "with logits_to_keep=1 only the last position's scores are computed")
print(f"✓ {batch} x {n} tokens: logits {real / 1e6:,.0f} MB in {logits.dtype}; "
      f"the last position only (logits_to_keep=1, as generation needs): "
      f"{kept / 1e6:.1f} MB")
