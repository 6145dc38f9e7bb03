"""Training: one forward pass predicts every next token of a text at once."""

from snippets.output_head.load import model, tokenizer

# %%
import pandas as pd
import torch
import torch.nn.functional as F

text = "The capital of France is Paris, and the capital of Italy is Rome."
ids = tokenizer(text, return_tensors="pt")["input_ids"]        # (1, n)
with torch.no_grad():
    out = model(ids, labels=ids)     # labels = the inputs; the model shifts them
print("input:", tuple(ids.shape), "-> logits:", tuple(out.logits.shape))

# Position t predicts token t+1: drop the last prediction and the first target.
manual = F.cross_entropy(out.logits[0, :-1], ids[0, 1:])
print(f"loss from labels: {out.loss.item():.4f} | by hand: {manual.item():.4f}"
      f" | equal: {torch.allclose(out.loss, manual)}")

p = out.logits[0, :-1].softmax(dim=-1)                          # (n-1, vocab)
targets = ids[0, 1:]
steps = pd.DataFrame({
    "reads up to": [repr(tokenizer.decode(i)) for i in ids[0, :-1]],
    "predicts": [repr(tokenizer.decode(i)) for i in p.argmax(dim=-1)],
    "actual next": [repr(tokenizer.decode(i)) for i in targets],
    "p(actual)": p[torch.arange(len(targets)), targets].tolist(),
}).round(3)
steps
