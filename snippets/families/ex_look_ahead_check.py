"""Check: the decoder's earlier vectors stay put, the encoder's move."""

from snippets.families.ex_look_ahead_solution import earlier_change
from snippets.families.load import dec_tokenizer, decoder, enc_tokenizer, encoder

# %%
s1 = "The cat sat on the mat because it was tired."
s2 = "The cat sat on the mat because it was warm."
dec = earlier_change(decoder, dec_tokenizer, s1, s2)
enc = earlier_change(encoder, enc_tokenizer, s1, s2)
assert isinstance(dec, float) and isinstance(enc, float), (
    f"return a float (.item()), got {type(dec).__name__} and {type(enc).__name__}")
assert dec < 1e-5, (
    f"SmolLM2's earlier vectors changed by {dec:.2e}: a causal decoder cannot see"
    " the last word; did you compare only the tokens before the first difference?")
assert enc > 1e-2, (
    f"MiniLM's earlier vectors changed by only {enc:.2e}: an encoder sees the whole"
    " sentence; did you use hidden_states[-1] (the last layer)?")
print(f"✓ the last word moves MiniLM's earlier vectors by up to {enc:.2f},"
      f" SmolLM2's by {dec:.1e}")
