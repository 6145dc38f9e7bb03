"""Bug 6: RoPE positions not offset when decoding with a KV cache."""

# %%
import torch
from transformers import DynamicCache, LlamaConfig, LlamaForCausalLM

config = LlamaConfig(vocab_size=100, hidden_size=64, intermediate_size=128,
                     num_hidden_layers=2, num_attention_heads=4,
                     num_key_value_heads=2)
torch.manual_seed(0)
tiny = LlamaForCausalLM(config).eval()          # random weights, RoPE inside
prompt = torch.tensor([[1, 17, 42, 5, 9, 33, 71, 2]])   # 8 token ids
n_new = 12


@torch.no_grad()
def generate_uncached(ids):
    """Greedy decoding, feeding the whole text every step: the reference."""
    for _ in range(n_new):
        next_id = tiny(ids).logits[:, -1].argmax(dim=-1, keepdim=True)
        ids = torch.cat([ids, next_id], dim=-1)
    return ids[0, prompt.shape[1]:].tolist()


@torch.no_grad()
def generate_cached(ids, offset):
    """Greedy decoding with a KV cache, feeding only the newest token."""
    cache, new = DynamicCache(config=config), ids
    for _ in range(n_new):
        n_cached = cache.get_seq_length()          # tokens already in the cache
        if offset:
            positions = torch.arange(n_cached, n_cached + new.shape[1])
        else:
            positions = torch.arange(new.shape[1])  # BUG: restarts at 0 each step
        out = tiny(new, position_ids=positions[None], past_key_values=cache)
        new = out.logits[:, -1].argmax(dim=-1, keepdim=True)
        ids = torch.cat([ids, new], dim=-1)
    return ids[0, prompt.shape[1]:].tolist()


uncached = generate_uncached(prompt)
print("uncached:                 ", uncached)
for name, offset in [("wrong: positions from 0 ", False),
                     ("fixed: offset by cache  ", True)]:
    cached = generate_cached(prompt, offset)
    differ = [i for i in range(n_new) if cached[i] != uncached[i]]
    verdict = (f"first disagree at new token {differ[0] + 1}" if differ
               else f"all {n_new} agree")
    print(f"{name} {cached}")
    print(f"  -> {verdict}")
