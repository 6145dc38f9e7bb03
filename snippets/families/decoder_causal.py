"""A real decoder's attention: every weight above the diagonal is exactly zero."""

from snippets.families.load import dec_tokenizer, decoder

# %%
import torch

prompt = "The cat sat on the mat because it was"
batch = dec_tokenizer(prompt, return_tensors="pt")
with torch.no_grad():
    out = decoder(**batch, output_attentions=True)

A_dec = torch.stack(out.attentions)[:, 0]        # (layers, heads, n, n)
print(dec_tokenizer.convert_ids_to_tokens(batch["input_ids"][0]))
print("attention weights:", len(out.attentions), "layers x",
      tuple(A_dec.shape[1:]))
print("every row sums to 1:",
      torch.allclose(A_dec.sum(-1), torch.ones(A_dec.shape[:-1]), atol=1e-5))
print("largest weight on a later token:", A_dec.triu(diagonal=1).max().item())
