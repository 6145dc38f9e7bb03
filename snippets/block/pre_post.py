"""Post-norm normalises the sum; pre-norm normalises only what enters the sublayer."""

# ruff: noqa: I001  (the prelude above '# %%' must stay first)

from snippets.block.norms import RMSNorm
from snippets.block.residual import d, layers

# %%
import torch


def post_norm(x, f, norm):                       # 2017 transformer, BERT
    return norm(x + f(x))


def pre_norm(x, f, norm):                        # GPT-2 onwards, Llama, Qwen
    return x + f(norm(x))


norms = [RMSNorm(d) for _ in layers]
x = torch.randn(8, d, generator=torch.Generator().manual_seed(0))
h_post, h_pre = x, x
print("layer   rms post-norm   rms pre-norm")
for i, (f, norm) in enumerate(zip(layers, norms, strict=True), start=1):
    with torch.no_grad():
        h_post = post_norm(h_post, f, norm)
        h_pre = pre_norm(h_pre, f, norm)
    if i in (1, 6, 12, 24):
        rms = [h.pow(2).mean().sqrt().item() for h in (h_post, h_pre)]
        print(f"{i:>5} {rms[0]:>15.2f} {rms[1]:>14.2f}")
