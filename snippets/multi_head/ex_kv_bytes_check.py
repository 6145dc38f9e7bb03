"""Check: the formula against the cache a real (small, random) Qwen3 fills."""

from snippets.multi_head.ex_kv_bytes_solution import kv_cache_bytes_of

# %%
import torch
from transformers import AutoConfig, AutoModelForCausalLM

# Qwen3-0.6B's attention, with 2 layers and a small vocabulary and MLP so that it
# builds in a second: the cache does not depend on those.
small = AutoConfig.from_pretrained("Qwen/Qwen3-0.6B", num_hidden_layers=2,
                                   vocab_size=256, intermediate_size=64)
torch.manual_seed(0)
model = AutoModelForCausalLM.from_config(small, dtype=torch.float32).eval()
ids = torch.randint(0, small.vocab_size, (3, 11))            # batch 3, 11 tokens
with torch.no_grad():
    cache = model(ids, use_cache=True).past_key_values      # a DynamicCache
real = sum(t.numel() * t.element_size()
           for layer in cache.layers for t in (layer.keys, layer.values))
guess = kv_cache_bytes_of(small, batch=3, context=11, dtype=torch.float32)
assert guess == real, f"the cache holds {real:,} bytes, you computed {guess}"
full = kv_cache_bytes_of(AutoConfig.from_pretrained("Qwen/Qwen3-0.6B"),
                         batch=1, context=32_768, dtype=torch.bfloat16)
print(f"✓ measured {real:,} bytes in a DynamicCache; Qwen3-0.6B at 32k tokens "
      f"in bf16: {full / 1e6:,.0f} MB")
