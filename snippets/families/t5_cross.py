"""Tiny random T5: cross-attention weights are (batch, heads, target, source)."""

# %%
import torch
from transformers import T5Config, T5ForConditionalGeneration

torch.manual_seed(0)
tiny_config = T5Config(
    vocab_size=64, d_model=32, d_kv=8, num_heads=4, d_ff=64,
    num_layers=2, num_decoder_layers=2,
    decoder_start_token_id=0, pad_token_id=0,
    attn_implementation="eager",          # so that attention weights come back
)
tiny_t5 = T5ForConditionalGeneration(tiny_config).eval()   # random weights

source = torch.tensor([[5, 6, 7, 8, 9, 1]])   # (batch=1, source_len=6)
target = torch.tensor([[0, 11, 12, 13]])      # (batch=1, target_len=4)

# Catch what the first cross-attention's key projection reads.
seen = {}
k_proj = tiny_t5.decoder.block[0].layer[1].EncDecAttention.k
hook = k_proj.register_forward_hook(
    lambda module, args, output: seen.update(k_in=args[0]))
with torch.no_grad():
    out = tiny_t5(input_ids=source, decoder_input_ids=target,
                  output_attentions=True)
hook.remove()

print("encoder self-attention:", tuple(out.encoder_attentions[0].shape))
print("decoder self-attention:", tuple(out.decoder_attentions[0].shape))
print("cross-attention:       ", tuple(out.cross_attentions[0].shape))
print("cross-attention keys are made from the encoder's output:",
      torch.equal(seen["k_in"], out.encoder_last_hidden_state))
print("decoder self-attention is causal:",
      (out.decoder_attentions[0].triu(diagonal=1) == 0).all().item())
