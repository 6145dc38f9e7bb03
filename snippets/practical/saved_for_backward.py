"""What autograd keeps for backward during a forward pass, under three modes."""

from snippets.practical.load import model, tokenizer

# %%
import contextlib

import pandas as pd
import torch

MODES = {
    "default (grad)": contextlib.nullcontext,
    "torch.no_grad()": torch.no_grad,
    "torch.inference_mode()": torch.inference_mode,
}
param_storages = {p.untyped_storage().data_ptr() for p in model.parameters()}


def saved_activation_bytes(mode, n_tokens):
    """Bytes autograd keeps for backward (weights excluded), and the logits."""
    storages = {}                       # one entry per distinct memory block

    def pack(t):                    # called for every tensor saved for backward
        s = t.untyped_storage()
        if s.data_ptr() not in param_storages:  # weights exist anyway: skip
            storages[s.data_ptr()] = s.nbytes()
        return t

    g = torch.Generator().manual_seed(0)
    ids = torch.randint(len(tokenizer), (1, n_tokens), generator=g)
    hooks = torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t)
    with hooks, MODES[mode]():
        logits = model(input_ids=ids).logits        # (1, n_tokens, vocab)
    return sum(storages.values()), logits


# How attention is computed decides what it saves: "sdpa" is PyTorch's fused
# scaled_dot_product_attention, which keeps no (n x n) weights for backward
print("attention implementation:", model.config._attn_implementation)
rows = []
for mode in MODES:
    row = {"mode": mode}
    for n in (64, 256):
        saved, logits = saved_activation_bytes(mode, n)
        row[f"saved MB, {n} tokens"] = round(saved / 1e6, 1)
    row["logits.requires_grad"] = logits.requires_grad
    row["logits.is_inference()"] = logits.is_inference()
    rows.append(row)
kept = pd.DataFrame(rows).set_index("mode")
kept
