"""Grouped-query attention in SmolLM2: 9 query heads per layer, 3 key/value heads."""

from snippets.atlas.load import decoder

# %%
cfg = decoder.config
n_h, n_kv, d_k = cfg.num_attention_heads, cfg.num_key_value_heads, cfg.head_dim
group = n_h // n_kv                       # query heads that share one K/V head
attn = decoder.model.layers[0].self_attn  # every layer has the same shapes

# nn.Linear stores W^T, so W = weight.T: (d_model, heads x d_k)
for proj, count in (("q_proj", n_h), ("k_proj", n_kv), ("v_proj", n_kv)):
    shape = tuple(getattr(attn, proj).weight.T.shape)
    print(f"{proj}: W {shape} = d_model x ({count} heads x {d_k})")
# Each K/V head is repeated for `group` query heads in a row (repeat_interleave):
# query head h scores its query against the keys of K/V head h // group.
groups = {kv: [h for h in range(n_h) if h // group == kv] for kv in range(n_kv)}
print("query heads of each K/V head:", groups)
