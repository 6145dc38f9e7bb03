"""The wrong Auto class: a clear ValueError, or a model with a random head."""

from snippets.practical.error_oom import show_error

# %%
import transformers
from transformers import AutoModelForCausalLM, AutoModelForSeq2SeqLM

from snippets.models import decoder_path, encoder_path


# MiniLM is a BERT encoder, and BERT *has* a causal-LM class: loading "works".
transformers.logging.set_verbosity_error()       # its warnings name local paths
lm, info = AutoModelForCausalLM.from_pretrained(encoder_path(),
                                                output_loading_info=True)
transformers.logging.set_verbosity_warning()

# SmolLM2 is a decoder-only model; there is no encoder-decoder class for Llama.
show_error(lambda: AutoModelForSeq2SeqLM.from_pretrained(decoder_path()),
           lines=2)
print(type(lm).__name__, "loaded. Not in the checkpoint, so random:")
for key in sorted(info["missing_keys"]):
    print("  ", key)
