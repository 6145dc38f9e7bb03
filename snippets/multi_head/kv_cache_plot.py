"""Each model's KV cache grows by the same number of bytes with every token: a straight
line from the table's own configs, with the table's three context lengths marked, the
cache the same model would need without GQA, and its weights for scale."""

from snippets.multi_head.kv_cache import MB, contexts, gqa, kv_cache_bytes

# %%
import matplotlib.pyplot as plt
import numpy as np

tokens = np.arange(0, 32_768 + 1, 256)                   # tokens in the cache so far
fig, axes = plt.subplots(1, 3, figsize=(7.4, 3.2), layout="constrained")
for ax, (name, row) in zip(axes, gqa.iterrows(), strict=True):
    shape = (row["layers"], row["KV heads"], row["d_k"])  # what one token stores
    per_token = kv_cache_bytes(*shape, context=1)         # bytes added per token
    without_gqa = kv_cache_bytes(row["layers"], row["query heads"], row["d_k"], 1)
    ax.plot(tokens, tokens * without_gqa / MB, "--", color="#d95f02",  # 3:1 on both
            label="without GQA")
    ax.plot(tokens, tokens * per_token / MB, color="tab:blue", label="as published")
    marks = list(contexts.values())                      # the table's 1k, 8k, 32k
    ax.plot(marks, [kv_cache_bytes(*shape, c) / MB for c in marks], "o",
            color="tab:blue")
    ax.axhline(row["weights as published (MB)"], color="0.4", lw=1, ls=":",
               label="weights")
    ax.set_title(f"{name}\n+{per_token / 1e3:g} kB per token", fontsize=10)
    ax.set_xticks([0, 16_384, 32_768], ["0", "16k", "32k"])
    ax.set_xlabel("tokens in the cache")
axes[0].set_ylabel("bf16 cache (MB)")
axes[0].legend(fontsize=9)
plt.show()
