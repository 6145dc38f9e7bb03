"""Exercise: predict the memory AdamW adds when training starts."""

# %%
import torch
from transformers import LlamaConfig, LlamaForCausalLM

# A small Llama, so that one training step is quick on any machine
config = LlamaConfig(vocab_size=1000, hidden_size=128, intermediate_size=256,
                     num_hidden_layers=2, num_attention_heads=4,
                     num_key_value_heads=2)
torch.manual_seed(0)
small = LlamaForCausalLM(config)


def adam_state_bytes(model: torch.nn.Module) -> int:
    """Bytes of AdamW's state after its first step: for every trainable
    parameter, two running averages (exp_avg and exp_avg_sq) of the same
    shape and dtype. Leave out the one-number step counters."""
    raise NotImplementedError("your code here")
