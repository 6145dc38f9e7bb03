"""Well-known models sorted into the three families, read from their exact configs."""

# %%
import pandas as pd

from snippets.models import config_of


def family(config) -> str:
    """Encoder-decoder if the config says so; decoder-only if its head
    predicts the next token (*ForCausalLM*, *LMHeadModel*); else encoder."""
    if config.is_encoder_decoder:
        return "encoder-decoder"
    if config.architectures[0].endswith(("ForCausalLM", "LMHeadModel")):
        return "decoder-only"
    return "encoder-only"


rows = []
for name in ["bert-base-uncased", "distilbert-base-uncased", "gpt2",
             "smollm2-135m", "qwen3-0.6b", "t5-small"]:
    cfg = config_of(name)
    layers = str(cfg.num_hidden_layers)
    if cfg.is_encoder_decoder:          # T5 counts its two stacks separately
        layers = f"{cfg.num_layers} + {cfg.num_decoder_layers}"
    rows.append({"model": name, "class": cfg.architectures[0],
                 "family": family(cfg), "layers": layers,
                 "d_model": cfg.hidden_size})
table = pd.DataFrame(rows).set_index("model")
table
