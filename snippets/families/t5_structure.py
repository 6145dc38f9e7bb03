"""T5-small's real architecture: two stacks, and cross-attention only in the decoder."""

# %%
from snippets.models import config_of, meta_model

t5_config = config_of("t5-small")     # the values of t5-small's config.json
t5 = meta_model("t5-small")           # T5ForConditionalGeneration, shapes only
print(type(t5).__name__)
print("encoder blocks:", len(t5.encoder.block),
      "| decoder blocks:", len(t5.decoder.block))
print("encoder block:", [type(m).__name__ for m in t5.encoder.block[0].layer])
print("decoder block:", [type(m).__name__ for m in t5.decoder.block[0].layer])
cross = [name for name, _ in t5.named_modules()
         if name.endswith("EncDecAttention")]
print(len(cross), "cross-attention modules, for example:")
print("\n".join(cross[:2]))
