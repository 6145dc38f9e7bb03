"""Check: the tokens of decoding without a cache and of model.generate."""

from snippets.source.ex_cached_decode_solution import generate_cached
from snippets.source.model import config

# %%
import copy

import torch
from transformers import LlamaForCausalLM

# The tiny Llama's config with 10x larger random weights, so that attention is
# sharp enough for a token's position to change what comes next.
sharp = copy.deepcopy(config)
sharp.initializer_range = 10 * config.initializer_range
torch.manual_seed(0)
llama = LlamaForCausalLM(sharp).eval().requires_grad_(False)
prompt = torch.randint(0, config.vocab_size, (2, 5))        # (B, n)
n_new = 8
embedded = []                                # tokens the model embeds, per call
hook = llama.model.embed_tokens.register_forward_hook(
    lambda module, args, output: embedded.append(args[0].shape[-1]))
try:
    ours = generate_cached(llama, prompt, n_new)
finally:
    hook.remove()
reference = prompt                           # no cache: the whole text every time
for _ in range(n_new):
    next_id = llama(reference).logits[:, -1].argmax(dim=-1, keepdim=True)
    reference = torch.cat([reference, next_id], dim=-1)
assert ours.shape == reference.shape, (
    f"expected shape {tuple(reference.shape)}, got {tuple(ours.shape)}")
assert torch.equal(ours, reference), (
    f"decoding without a cache gives {reference.tolist()}, you gave {ours.tolist()}"
    " (passing position_ids? with a cache they must continue after the cached ones)")
assert sum(embedded) == prompt.shape[1] + n_new - 1, (
    f"the model embedded {embedded} tokens per call: after the prompt, give it "
    "only the newest token and the cache")
generated = llama.generate(prompt, max_new_tokens=n_new, do_sample=False,
                           eos_token_id=None)           # never stop early
assert torch.equal(ours, generated), "model.generate decodes other tokens"
print("✓ same tokens as without a cache and as model.generate; the model embedded",
      embedded, "tokens per call")
