"""Solution: compare the last layer's vectors of the shared prefix."""

# %%
import torch


def earlier_change(model, tokenizer, s1: str, s2: str) -> float:
    """Max |change| of hidden_states[-1] over the tokens before the first difference."""
    batches = [tokenizer(s, return_tensors="pt") for s in (s1, s2)]
    a, b = (x["input_ids"][0] for x in batches)
    k = next(i for i in range(min(len(a), len(b))) if a[i] != b[i])  # first change
    with torch.no_grad():
        X = [model(**x, output_hidden_states=True).hidden_states[-1][0]
             for x in batches]                     # (n, d_model) each
    return (X[0][:k] - X[1][:k]).abs().max().item()
