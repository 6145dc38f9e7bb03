"""Check: the same tokens survive as with transformers' own TopPLogitsWarper."""

from snippets.output_head.ex_top_p_solution import top_p_filter
from snippets.output_head.top5 import z

# %%
import torch
from transformers import TopPLogitsWarper

for top_p in (0.5, 0.9):
    ours = top_p_filter(z, top_p)
    assert ours.shape == z.shape, (
        f"expected shape {tuple(z.shape)}, got {tuple(ours.shape)}")
    # generate()'s own filter
    theirs = TopPLogitsWarper(top_p=top_p)(None, z[None].clone())[0]
    kept, kept_ref = ours.isfinite(), theirs.isfinite()
    assert torch.equal(kept, kept_ref), (
        f"top_p = {top_p}: you keep {kept.sum().item()} tokens, TopPLogitsWarper keeps"
        f" {kept_ref.sum().item()} (the smallest set holding at least top_p)")
    assert torch.equal(ours[kept], z[kept]), (
        f"top_p = {top_p}: leave the kept logits unchanged")
    print(f"top_p = {top_p}: {kept.sum().item():,} of {z.numel():,} tokens kept")
print("✓ the same tokens as TopPLogitsWarper for top_p = 0.5 and 0.9")
