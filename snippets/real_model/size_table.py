"""Model sizes side by side, each counted from its exact architecture."""

# %%
import pandas as pd

from snippets.models import config_of, meta_model

names = {"distilbert-base-uncased": "DistilBERT",
         "bert-base-uncased": "BERT-base", "bert-large-uncased": "BERT-large",
         "t5-small": "T5-small",
         "gpt2": "GPT-2", "gpt2-xl": "GPT-2 XL", "smollm2-135m": "SmolLM2-135M",
         "qwen3-0.6b": "Qwen3-0.6B", "llama-3-8b": "Llama-3-8B"}


def n_params(m) -> int:
    return sum(p.numel() for p in m.parameters())  # tied: counted once


def kind(cfg) -> str:
    arch = cfg.architectures[0]                    # e.g. "GPT2LMHeadModel"
    if cfg.is_encoder_decoder:
        return "enc-dec"
    return "decoder" if "CausalLM" in arch or "LMHead" in arch else "encoder"


rows = {}
for name, label in names.items():
    cfg, full = config_of(name), meta_model(name)  # with its head
    rows[label] = {
        "kind": kind(cfg),
        "parameters": n_params(full),
        "no head": n_params(meta_model(name, head=False)),
        "layers": (f"{cfg.num_layers}+{cfg.num_decoder_layers}"  # enc+dec
                   if cfg.is_encoder_decoder else str(cfg.num_hidden_layers)),
        "d_model": cfg.hidden_size,
        "heads": cfg.num_attention_heads,
        "K/V": getattr(cfg, "num_key_value_heads", cfg.num_attention_heads),
        "vocab": cfg.vocab_size,
        "tied": (full.get_output_embeddings().weight
                 is full.get_input_embeddings().weight),
    }
sizes = pd.DataFrame.from_dict(rows, orient="index").sort_values("parameters")
millions = {"parameters": "params (M)", "no head": "no head (M)"}
shown = sizes.drop(columns="K/V").rename(columns=millions)
for col, new in millions.items():
    shown[new] = (sizes[col] / 1e6).map("{:,.1f}".format)  # exact: in sizes
shown["heads"] = [f"{h} ({kv})" for h, kv in zip(sizes["heads"], sizes["K/V"],
                                                 strict=True)]
shown.rename(columns={"heads": "heads (K/V)"})
