"""Check: the letters the attention points at are the right next letters."""

from snippets.learning.ex_readout_solution import attention_readout
from snippets.learning.ex_readout_starter import A, m, ids, logits

# %%
read = attention_readout(ids, A, m)
truth = ids[:, m + 2:]                              # the letters to predict
assert read.shape == truth.shape, (
    f"expected one letter per sequence and query, shape {tuple(truth.shape)},"
    f" got {tuple(read.shape)}")
by_attention = (read == truth).float().mean().item()
by_head = (logits[:, m + 1:].argmax(dim=-1) == truth).float().mean().item()
assert by_attention > 0.9, (
    f"only {by_attention:.1%} of the letters read off the attention are right:"
    " did you take the argmax over the keys (the last dimension)?")
print(f"✓ the attention alone finds {by_attention:.1%} of the next letters"
      f" (the model's output head: {by_head:.1%})")
