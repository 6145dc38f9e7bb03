"""The same function at real sizes: the settings of three published models."""

from snippets.overview.tiny_model import model, vocab

# %%
import json
from importlib.resources import files

import pandas as pd

attn = model.blocks[0].self_attn
rows = {"our TinyLM": {
    "vocab_size": len(vocab), "d_model": model.embed.embedding_dim,
    "blocks": len(model.blocks), "n_h": attn.num_heads, "d_k": attn.head_dim,
}}
for name in ("smollm2-135m", "qwen3-0.6b", "llama-3-8b"):
    path = files("snippets") / "model_configs" / f"{name}.json"
    config = json.loads(path.read_text())
    rows[name] = {
        "vocab_size": config["vocab_size"], "d_model": config["hidden_size"],
        "blocks": config["num_hidden_layers"],
        "n_h": config["num_attention_heads"],
        # most split d_model evenly over the heads; Qwen3 sets head_dim itself
        "d_k": config.get("head_dim", config["hidden_size"]
                          // config["num_attention_heads"]),
    }
pd.DataFrame.from_dict(rows, orient="index")
