"""Model sizes side by side, each counted from its exact architecture."""

# %%
import pandas as pd

from snippets.models import config_of, meta_model

names = ["distilbert-base-uncased", "bert-base-uncased",
         "bert-large-uncased", "t5-small", "gpt2", "gpt2-xl", "smollm2-135m",
         "qwen3-0.6b", "llama-3-8b"]


def n_params(m) -> int:
    return sum(p.numel() for p in m.parameters())  # tied: counted once


def kind(cfg) -> str:
    arch = cfg.architectures[0]                        # e.g. "GPT2LMHeadModel"
    if cfg.is_encoder_decoder:
        return "encoder-decoder"
    return "decoder" if "CausalLM" in arch or "LMHead" in arch else "encoder"


rows = []
for name in names:
    cfg, full = config_of(name), meta_model(name)  # with its head
    rows.append({
        "model": name, "kind": kind(cfg),
        "parameters": n_params(full),
        "without head": n_params(meta_model(name, head=False)),
        "layers": (f"{cfg.num_layers}+{cfg.num_decoder_layers}"  # enc+dec
                   if cfg.is_encoder_decoder else str(cfg.num_hidden_layers)),
        "d_model": cfg.hidden_size,
        "heads": cfg.num_attention_heads,
        "K/V heads": getattr(cfg, "num_key_value_heads",
                             cfg.num_attention_heads),
        "vocab": cfg.vocab_size,
        "tied": (full.get_output_embeddings().weight
                 is full.get_input_embeddings().weight),
    })
sizes = pd.DataFrame(rows).set_index("model").sort_values("parameters")
sizes.assign(**{c: sizes[c].map("{:,}".format)
                for c in ["parameters", "without head", "vocab"]})
