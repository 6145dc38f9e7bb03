"""A decoder writes: greedy generation appends the likeliest token, again and again."""

from snippets.families.decoder_causal import batch, dec_tokenizer, decoder

# %%
import torch

n_new = 12
runs = []
for _ in range(2):                # twice: greedy decoding is repeatable
    with torch.no_grad():
        ids = decoder.generate(**batch, max_new_tokens=n_new, do_sample=False)
    runs.append(ids)
n_prompt = batch["input_ids"].shape[1]
print("prompt:      ", dec_tokenizer.decode(ids[0, :n_prompt]))
print("continuation:", repr(dec_tokenizer.decode(ids[0, n_prompt:])))
print("two runs, same tokens:", torch.equal(runs[0], runs[1]))
