"""Post-norm normalises the sum; pre-norm normalises only what enters the sublayer."""

from snippets.block.norms import RMSNorm
from snippets.block.residual import d, layers

# %%
import pandas as pd
import torch


def post_norm(x, f, norm):                       # 2017 transformer, BERT
    return norm(x + f(x))


def pre_norm(x, f, norm):                        # GPT-2 onwards, Llama, Qwen
    return x + f(norm(x))


norms = [RMSNorm(d) for _ in layers]
x = torch.randn(8, d, generator=torch.Generator().manual_seed(0))
h_post, h_pre = x, x
rows = []
for i, (f, norm) in enumerate(zip(layers, norms, strict=True), start=1):
    with torch.no_grad():
        h_post = post_norm(h_post, f, norm)
        h_pre = pre_norm(h_pre, f, norm)
    if i in (1, 6, 12, 24):
        rows.append({"layer": i,
                     "rms of x, post-norm": h_post.pow(2).mean().sqrt().item(),
                     "rms of x, pre-norm": h_pre.pow(2).mean().sqrt().item()})
rms = pd.DataFrame(rows).set_index("layer")
rms.round(2)
