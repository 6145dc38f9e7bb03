"""The wrong Auto class: a clear ValueError, or a model with a random head."""

from snippets.practical.error_oom import show_error
from snippets.practical.load import encoder_id, folder, gguf

# %%
import transformers
from transformers import AutoModelForCausalLM, AutoModelForSeq2SeqLM

# MiniLM is a BERT encoder, and BERT *has* a causal-LM class: loading "works".
transformers.logging.set_verbosity_error()       # silence the warning: see below
lm, info = AutoModelForCausalLM.from_pretrained(encoder_id,
                                                output_loading_info=True)
transformers.logging.set_verbosity_warning()

# SmolLM2 is a decoder-only model; there is no encoder-decoder class for Llama.
show_error(lambda: AutoModelForSeq2SeqLM.from_pretrained(folder, gguf_file=gguf),
           lines=2)
print(type(lm).__name__, "loaded. Not in the checkpoint, so random:")
for key in sorted(info["missing_keys"]):
    print("  ", key)
