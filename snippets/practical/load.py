"""Load both of the guide's real models once, for measurements and for mistakes."""

# %%
from snippets.models import DECODER_ID, ENCODER_ID, load_decoder, load_encoder

tokenizer, model = load_decoder()           # SmolLM2-135M-Instruct
enc_tokenizer, encoder = load_encoder()     # all-MiniLM-L6-v2
print("decoder:", DECODER_ID)
print("encoder:", ENCODER_ID)
print("parameters require grad by default:",
      all(p.requires_grad for p in model.parameters()))
