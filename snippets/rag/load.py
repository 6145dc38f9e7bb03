"""Load both models once: a sentence encoder to search, a chat decoder to answer."""

# %%
from snippets.models import DECODER_ID, ENCODER_ID, load_decoder, load_encoder

enc_tokenizer, encoder = load_encoder()   # all-MiniLM-L6-v2: text -> vectors
tokenizer, model = load_decoder()         # SmolLM2-135M-Instruct: -> text
for name, m in ((ENCODER_ID, encoder), (DECODER_ID, model)):
    n_params = sum(p.numel() for p in m.parameters())
    print(f"{name}: {type(m).__name__}, {n_params / 1e6:.1f}M parameters")
