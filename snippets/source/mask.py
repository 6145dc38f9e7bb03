"""The mask transformers builds: 0 where a key is seen, the lowest float if hidden."""

from snippets.source.model import config

# %%
import torch
from transformers.masking_utils import create_causal_mask

n = 4
X = torch.zeros(1, n, config.hidden_size)              # only the shape matters
mask = create_causal_mask(config=config, inputs_embeds=X, attention_mask=None,
                          past_key_values=None, position_ids=torch.arange(n)[None])
print(tuple(mask.shape), "(batch, 1 for every head, query, key)")
print("1 where the query sees the key:")
print((mask[0, 0] == 0).int())
hidden = mask[0, 0, 0, -1].item()
lowest = torch.finfo(torch.float32).min
print(f"where hidden: {hidden:.4g}, the lowest float32: {hidden == lowest}")
# The attention chapter's mask: True where query i may see key j (j <= i)
sees = torch.ones(n, n, dtype=torch.bool).tril()
print("0 exactly where the guide's mask sees:", torch.equal(mask[0, 0] == 0, sees))
