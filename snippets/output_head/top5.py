"""Softmax turns the logits into a probability for every token of the vocabulary."""

from snippets.output_head.head import logits, tokenizer

# %%
import pandas as pd

z = logits[0]                           # (vocab,) logits of the next token
p = z.softmax(dim=-1)                   # (vocab,) probabilities
print(f"probabilities sum to {p.sum().item():.4f} over {p.numel():,} tokens")

top_p, top_id = p.topk(5)               # sorted, largest first
top5 = pd.DataFrame({
    "token": [repr(tokenizer.decode(i)) for i in top_id],
    "id": top_id.tolist(),
    "logit": z[top_id].tolist(),
    "probability": top_p.tolist(),
}).round(3)
top5
