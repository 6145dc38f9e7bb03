"""Solution: compare the last layer's vectors of the shared prefix."""

# %%
import torch


def earlier_change(model, tokenizer, s1: str, s2: str) -> float:
    """Max |change| of hidden_states[-1] over the tokens before the first difference."""
    batches = [tokenizer(s, return_tensors="pt") for s in (s1, s2)]
    ids1, ids2 = (batch["input_ids"][0] for batch in batches)
    # The first position where the two sentences' tokens differ:
    first_diff = next(i for i in range(min(len(ids1), len(ids2)))
                      if ids1[i] != ids2[i])
    with torch.no_grad():
        X = [model(**batch, output_hidden_states=True).hidden_states[-1][0]
             for batch in batches]                     # (n, d_model) each
    return (X[0][:first_diff] - X[1][:first_diff]).abs().max().item()
