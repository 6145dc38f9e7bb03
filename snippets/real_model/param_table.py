"""Where Qwen3-0.6B's parameters are: a count for each component."""

from snippets.real_model.load import model

# %%
import pandas as pd


def component(name: str) -> str:
    """Group a parameter name like 'model.layers.3.mlp.up_proj.weight'."""
    for part, label in [("embed_tokens", "embed_tokens (stage 1)"),
                        ("self_attn", "layers: self_attn"),
                        ("mlp", "layers: mlp"),
                        ("layernorm", "layers: 2 RMSNorms"),
                        ("model.norm", "final norm"),
                        ("lm_head", "lm_head (stage 3)")]:
        if part in name:
            return label
    raise ValueError(name)


counts: dict[str, int] = {}
for name, p in model.named_parameters():  # a tied weight is listed once
    counts[component(name)] = counts.get(component(name), 0) + p.numel()
counts.setdefault("lm_head (stage 3)", 0)  # tied: reuses embed_tokens

total = sum(counts.values())
table = pd.DataFrame({"parameters": counts})
table["share"] = (100 * table["parameters"] / total).map("{:.1f} %".format)
table.loc["total"] = [total, "100.0 %"]
table["parameters"] = table["parameters"].map("{:,}".format)
without_embedding = total - counts["embed_tokens (stage 1)"]
print(f"total {total:,}; without the embedding {without_embedding:,}")
table
