"""The output head: the last hidden state times W_out gives one logit per token."""

from snippets.output_head.load import model, tokenizer

# %%
import torch

prompt = "The capital of France is"
batch = tokenizer(prompt, return_tensors="pt")
with torch.no_grad():
    X = model.model(**batch).last_hidden_state  # (1, n, d_model), normed
    h = X[:, -1]                                # (1, d_model): last position
    logits = model.lm_head(h)                   # (1, vocab) = h @ W_out
    full = model(**batch).logits                # (1, n, vocab): model() output

print("tokens:", tokenizer.convert_ids_to_tokens(batch["input_ids"][0]))
print("hidden states:", tuple(X.shape), "-> last one:", tuple(h.shape))
print("logits:", tuple(logits.shape))
print("same as model(...).logits[:, -1]:",
      torch.allclose(logits, full[:, -1], atol=1e-4))
