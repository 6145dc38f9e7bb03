"""Load the chapter's two real models once: an encoder and a decoder."""

# %%
from snippets.models import DECODER_ID, ENCODER_ID, load_decoder, load_encoder

# "eager" attention is the plain softmax(QK^T/sqrt(d_k))V in Python, the only
# implementation that can hand back its attention weights.
enc_tokenizer, encoder = load_encoder(attn_implementation="eager")
dec_tokenizer, decoder = load_decoder(attn_implementation="eager")
for name, model in [(ENCODER_ID, encoder), (DECODER_ID, decoder)]:
    cfg = model.config
    print(f"{name}: {type(model).__name__}, {cfg.num_hidden_layers} layers"
          f" x {cfg.num_attention_heads} heads, d_model {cfg.hidden_size}")
