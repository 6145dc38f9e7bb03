"""The KV cache: keep every layer's keys and values, feed only the newest token."""

from snippets.output_head.head import batch
from snippets.output_head.load import model

# %%
import torch

calls = []                      # tokens fed into the model, per forward call


def count_tokens(module, args, kwargs):
    """Runs before each forward call of the decoder stack: note its length."""
    x = kwargs.get("input_ids")
    if x is None:
        x = kwargs["inputs_embeds"]
    calls.append(x.shape[1])


n_new = 16
hook = model.model.register_forward_pre_hook(count_tokens, with_kwargs=True)
fed, outputs = {}, {}
for use_cache in (True, False):
    calls.clear()
    with torch.no_grad():
        outputs[use_cache] = model.generate(
            **batch, max_new_tokens=n_new, do_sample=False, use_cache=use_cache)
    fed[use_cache] = list(calls)
hook.remove()

for use_cache in (True, False):
    c = fed[use_cache]
    print(f"use_cache={use_cache!s:5}: {len(c)} calls, tokens fed {c[:4]} ..."
          f" {c[-1]}, total {sum(c)}")
print("same generated tokens:", torch.equal(outputs[True], outputs[False]))
