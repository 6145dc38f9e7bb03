"""Grouped-query attention in SmolLM2: 9 query heads per layer, 3 key/value heads."""

from snippets.atlas.load import decoder
from snippets.atlas.weights import atlas

# %%
import torch

cfg = decoder.config
n_h, n_kv, d_k = cfg.num_attention_heads, cfg.num_key_value_heads, cfg.head_dim
group = n_h // n_kv                       # query heads that share one K/V head
attn = decoder.model.layers[0].self_attn  # every layer has the same shapes

# nn.Linear stores W^T, so W = weight.T: (d_model, heads x d_k)
for proj, count in (("q_proj", n_h), ("k_proj", n_kv), ("v_proj", n_kv)):
    shape = tuple(getattr(attn, proj).weight.T.shape)
    print(f"{proj}: W {shape} = d_model x ({count} heads x {d_k})")
# Each K/V head is repeated for `group` query heads in a row (repeat_interleave):
# query head `head` scores its query against the keys of K/V head head // group.
groups = {kv: [head for head in range(n_h) if head // group == kv]
          for kv in range(n_kv)}
print("query heads of each K/V head:", groups)

# Same keys, own queries: do two heads of one group weigh the tokens alike?
_, A = atlas["SmolLM2"][0]                          # (layers, n_h, n, n)
pairs = [(a, b) for members in groups.values()
         for a in members for b in members if a < b]
gaps = torch.stack([(A[:, a] - A[:, b]).abs().amax(dim=(-2, -1))   # (layers,) each
                    for a, b in pairs])             # (pairs, layers)
alike = 0.05                                        # a weight's difference we can see
print(f"(pair, layer) that differ by {alike} or more in some weight:"
      f" {(gaps >= alike).sum()} of {gaps.numel()}")
for p, layer in (gaps < alike).nonzero().tolist():  # the pairs that look alike
    a, b = pairs[p]
    print(f"  alike: layer {layer}, heads {a} and {b}; weight on the first token"
          f" at least {A[layer, [a, b], :, 0].min():.2f}")
