"""Check: the count equals the parameters of the EncDecAttention modules."""

from snippets.families.ex_cross_params_solution import cross_attention_params
from snippets.families.ex_cross_params_starter import t5_config

# %%
import torch
from transformers import AutoModelForSeq2SeqLM, T5Config


def counted(config):
    """Parameters of every cross-attention module of the real architecture."""
    with torch.device("meta"):                       # shapes only, no memory
        model = AutoModelForSeq2SeqLM.from_config(config)
    return sum(p.numel() for name, p in model.named_parameters()
               if ".EncDecAttention." in name)


# t5-small, and a T5 whose heads are not d_model / num_heads wide
for config in (t5_config, T5Config(d_model=256, d_kv=48, num_heads=6, num_layers=2,
                                   num_decoder_layers=3, d_ff=512)):
    ours, theirs = cross_attention_params(config), counted(config)
    assert ours == theirs, (
        f"d_model={config.d_model}, num_heads={config.num_heads}, d_kv={config.d_kv},"
        f" {config.num_decoder_layers} decoder blocks: you count {ours:,},"
        f" the model has {theirs:,}")
print(f"✓ t5-small's cross-attention holds {cross_attention_params(t5_config):,}"
      " weights, as its EncDecAttention modules count")
