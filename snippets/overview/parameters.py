"""Where the weights live: the blocks share one design, so each holds the same count."""

from snippets.overview.tiny_model import model

# %%
import pandas as pd


def count(module) -> int:
    return sum(p.numel() for p in module.parameters())


stages = {"token embedding": model.embed, "position embedding": model.pos}
stages |= {f"block {i}": block for i, block in enumerate(model.blocks)}
stages |= {"final norm": model.norm, "output head": model.head}
table = pd.DataFrame({"parameters": {k: count(m) for k, m in stages.items()}})
table.loc["total"] = count(model)
table.assign(share=(table["parameters"] / count(model)).map("{:.1%}".format))
