"""Softmax turns the logits into a probability for every token of the vocabulary."""

from snippets.output_head.head import logits, tokenizer

# %%
import pandas as pd

z = logits[0]                           # (vocab,) logits of the next token
p = z.softmax(dim=-1)                   # (vocab,) probabilities
print(f"probabilities sum to {p.sum().item():.4f} over {p.numel():,} tokens")

top_probs, top_ids = p.topk(5)          # sorted, largest first
top5 = pd.DataFrame({
    "token": [repr(tokenizer.decode(i)) for i in top_ids],
    "id": top_ids.tolist(),
    "logit": z[top_ids].tolist(),
    "probability": top_probs.tolist(),
}).round(3)
top5
