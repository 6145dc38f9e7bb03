"""Check: the size from the widths of the real k_proj and v_proj layers."""

from snippets.output_head.ex_qwen_cache_solution import kv_cache_bytes
from snippets.output_head.ex_qwen_cache_starter import qwen
from snippets.output_head.load import cfg

# %%
import torch
from transformers import AutoModelForCausalLM


def from_modules(config, n_tokens, bytes_per_value=2):
    """Each layer caches what its k_proj and v_proj output for each position."""
    with torch.device("meta"):                          # shapes only
        m = AutoModelForCausalLM.from_config(config)
    attns = [layer.self_attn for layer in m.model.layers]
    widths = sum(a.k_proj.out_features + a.v_proj.out_features for a in attns)
    return n_tokens * widths * bytes_per_value


n_tokens = 32_768
for name, config in (("SmolLM2", cfg), ("Qwen3-0.6B", qwen)):
    ours, theirs = kv_cache_bytes(config, n_tokens), from_modules(config, n_tokens)
    assert ours == theirs, (
        f"{name}: you get {ours:,} bytes, the k_proj/v_proj widths give {theirs:,}")
gb = kv_cache_bytes(qwen, n_tokens) / 1e9
print(f"✓ Qwen3-0.6B at {n_tokens:,} tokens: {gb:.2f} GB of bf16 cache,"
      " as its k_proj and v_proj layers say")
