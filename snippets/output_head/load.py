"""Load the real decoder once: SmolLM2-135M-Instruct, a small Llama-style model."""

# %%
from snippets.models import DECODER_ID, load_decoder

tokenizer, model = load_decoder()
cfg = model.config
print(DECODER_ID, "-", type(model).__name__)
print(f"d_model {cfg.hidden_size} | vocabulary {cfg.vocab_size:,} tokens"
      f" | {cfg.num_hidden_layers} layers")
print("lm_head:", model.lm_head)
# SmolLM2 reuses its input embedding matrix E as the output head ("tied").
E = model.model.embed_tokens.weight               # (vocab, d_model)
print("lm_head.weight is the embedding matrix:",
      model.lm_head.weight.data_ptr() == E.data_ptr())
