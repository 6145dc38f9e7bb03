"""Greedy decoding by hand: append the argmax, run again; generate() does the same."""

from snippets.output_head.head import batch
from snippets.output_head.load import model, tokenizer

# %%
import torch


def write(ids, n_new, temperature=0.0, generator=None):
    """Append n_new tokens to ids (1, n): greedy if temperature is 0."""
    for _ in range(n_new):
        with torch.no_grad():
            z = model(ids).logits[0, -1]        # only the last position is used
        if temperature == 0:
            next_id = z.argmax()
        else:
            p = (z / temperature).softmax(dim=-1)
            next_id = torch.multinomial(p, 1, generator=generator)[0]
        ids = torch.cat([ids, next_id.view(1, 1)], dim=1)
    return ids


n_new = 8
ours = write(batch["input_ids"], n_new)
with torch.no_grad():
    theirs = model.generate(**batch, max_new_tokens=n_new, do_sample=False)
print(repr(tokenizer.decode(ours[0])))
print("same tokens as generate(do_sample=False):", torch.equal(ours, theirs))
