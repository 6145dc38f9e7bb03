"""T5-small's real architecture: two stacks, and cross-attention only in the decoder."""

# %%
import torch
from transformers import AutoConfig, AutoModelForSeq2SeqLM

t5_config = AutoConfig.from_pretrained("google-t5/t5-small")
with torch.device("meta"):            # shapes only, no weights
    t5 = AutoModelForSeq2SeqLM.from_config(t5_config)
print(type(t5).__name__)
print("encoder blocks:", len(t5.encoder.block),
      "| decoder blocks:", len(t5.decoder.block))
print("encoder block:", [type(m).__name__ for m in t5.encoder.block[0].layer])
print("decoder block:", [type(m).__name__ for m in t5.decoder.block[0].layer])
cross = [name for name, _ in t5.named_modules()
         if name.endswith("EncDecAttention")]
print(len(cross), "cross-attention modules, for example:")
print("\n".join(cross[:2]))
