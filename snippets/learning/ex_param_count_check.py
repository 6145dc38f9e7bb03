"""Check: the count equals sum(p.numel()) of the Decoder class, for two sizes."""

from snippets.learning.decoder import Decoder
from snippets.learning.ex_param_count_solution import decoder_params
from snippets.learning.task import vocab_size

# %%
sizes = [dict(d_model=64, n_layers=2, n_h=4, d_ff=176),      # the page's model
         dict(d_model=96, n_layers=3, n_h=6, d_ff=256)]
for size in sizes:
    counted = sum(p.numel() for p in Decoder(vocab_size, **size).parameters())
    ours = decoder_params(vocab_size, **size)
    assert ours == counted, f"{size}: you count {ours:,}, PyTorch counts {counted:,}"
print(f"✓ {decoder_params(vocab_size, **sizes[0]):,} parameters, as PyTorch counts,"
      " and the same for a wider, deeper decoder")
