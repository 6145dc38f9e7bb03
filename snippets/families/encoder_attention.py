"""A real encoder's attention: one weight matrix per layer and head, no causal mask."""

from snippets.families.load import enc_tokenizer, encoder

# %%
import torch

sentence = "The cat sat on the mat because it was tired."
batch = enc_tokenizer(sentence, return_tensors="pt")
tokens = enc_tokenizer.convert_ids_to_tokens(batch["input_ids"][0])
with torch.no_grad():
    out = encoder(**batch, output_attentions=True)

# One tensor per layer, each (batch, heads, queries, keys)
A = torch.stack(out.attentions)[:, 0]            # (layers, heads, n, n)
n = len(tokens)
print(n, "tokens:", " ".join(tokens))
print("attention weights:", len(out.attentions), "layers x", tuple(A.shape[1:]))
print("every row sums to 1:",
      torch.allclose(A.sum(-1), torch.ones(A.shape[:-1])))
# Full attention: queries also weigh the keys that come AFTER them.
ahead = A.triu(diagonal=1).sum(-1)[..., :-1]    # weight on later tokens, per row
print(f"average weight a token gives to later tokens: {ahead.mean():.2f}")
