"""Well-known models sorted into the three families, read from their exact configs."""

# %%
import pandas as pd
from transformers import AutoConfig


def family(config) -> str:
    """Encoder-decoder if the config says so; decoder-only if its head
    predicts the next token (*ForCausalLM*, *LMHeadModel*); else encoder."""
    if config.is_encoder_decoder:
        return "encoder-decoder"
    if config.architectures[0].endswith(("ForCausalLM", "LMHeadModel")):
        return "decoder-only"
    return "encoder-only"


models = {"bert-base-uncased": "google-bert/bert-base-uncased",  # name: hub id
          "distilbert-base-uncased": "distilbert/distilbert-base-uncased",
          "gpt2": "openai-community/gpt2",
          "smollm2-135m": "HuggingFaceTB/SmolLM2-135M-Instruct",
          "qwen3-0.6b": "Qwen/Qwen3-0.6B", "t5-small": "google-t5/t5-small"}
rows = []
for name, hub_id in models.items():
    cfg = AutoConfig.from_pretrained(hub_id)   # config.json only, a few kB
    layers = str(cfg.num_hidden_layers)
    if cfg.is_encoder_decoder:          # T5 counts its two stacks separately
        layers = f"{cfg.num_layers} + {cfg.num_decoder_layers}"
    rows.append({"model": name, "class": cfg.architectures[0],
                 "family": family(cfg), "layers": layers,
                 "d_model": cfg.hidden_size})
table = pd.DataFrame(rows).set_index("model")
table
