"""Model sizes side by side, each counted from its exact architecture."""

# %%
import pandas as pd
import torch
import transformers
from transformers import AutoConfig, AutoModel

names = {"distilbert/distilbert-base-uncased": "DistilBERT",
         "google-bert/bert-base-uncased": "BERT-base",
         "google-bert/bert-large-uncased": "BERT-large",
         "google-t5/t5-small": "T5-small",
         "openai-community/gpt2": "GPT-2", "openai-community/gpt2-xl": "GPT-2 XL",
         "HuggingFaceTB/SmolLM2-135M-Instruct": "SmolLM2-135M",
         "Qwen/Qwen3-0.6B": "Qwen3-0.6B",
         "meta-llama/Meta-Llama-3-8B": "Llama-3-8B"}   # gated: log in first


def n_params(m) -> int:
    return sum(p.numel() for p in m.parameters())  # tied: counted once


def kind(cfg) -> str:
    arch = cfg.architectures[0]                    # e.g. "GPT2LMHeadModel"
    if cfg.is_encoder_decoder:
        return "enc-dec"
    return "decoder" if "CausalLM" in arch or "LMHead" in arch else "encoder"


rows = {}
for name, label in names.items():
    cfg = AutoConfig.from_pretrained(name)
    with torch.device("meta"):                     # shapes only
        # the class the checkpoint was published as, with its head
        full = getattr(transformers, cfg.architectures[0])(cfg)
        bare = AutoModel.from_config(cfg)          # the same without a head
    rows[label] = {
        "kind": kind(cfg),
        "parameters": n_params(full),
        "no head": n_params(bare),
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
