"""Why one pass is honest: position t's prediction ignores every later token."""

from snippets.output_head.load import model
from snippets.output_head.teacher_forcing import ids, out

# %%
import torch

k = 6                                   # feed only the first k tokens
with torch.no_grad():
    prefix_logits = model(ids[:, :k]).logits                     # (1, k, vocab)
diff = (prefix_logits - out.logits[:, :k]).abs().max().item()
# Float sums in a different order differ in the last digits, hence a tolerance.
print(f"first {k} positions, prefix alone vs whole text:")
print("max |difference| below 1e-3:", diff < 1e-3)
print("same top prediction at every position:",
      torch.equal(prefix_logits.argmax(-1), out.logits[:, :k].argmax(-1)))
