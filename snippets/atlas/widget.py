"""Hand every weight to the page: one rich output, with a figure for other viewers."""

from snippets.atlas.pronoun import heads
from snippets.atlas.weights import SENTENCES, atlas, models

# %%
import base64
import gzip
import io
import json

import matplotlib.pyplot as plt
import torch
from IPython.display import display


def to_bytes(A):
    """A as one byte per weight, round(255 w) (off by at most 0.002), in base64."""
    levels = (A * 255).round().to(torch.uint8)     # (layers, n_h, n, n), 0..255
    return base64.b64encode(levels.numpy().tobytes()).decode()


data = {"scale": 255, "models": []}   # weights: [layer][head][query][key], flat
for name, runs in atlas.items():
    cfg = models[name][0].config
    data["models"].append({
        "name": name,
        "layers": cfg.num_hidden_layers,
        "n_h": cfg.num_attention_heads,
        "n_kv": getattr(cfg, "num_key_value_heads", cfg.num_attention_heads),
        # causal: no head gives any weight to a later token
        "causal": all(A.triu(diagonal=1).max() == 0 for _, A in runs),
        "start": heads[name],          # the "it" -> "animal" head opens first
        "sentences": [{"text": s, "tokens": tokens, "A": to_bytes(A)}
                      for s, (tokens, A) in zip(SENTENCES, runs, strict=True)],
    })

# For viewers without the page's script (Jupyter, Colab): the two heads found above
plt.rcParams["svg.hashsalt"] = "atlas"          # fixed ids: the same file every run
fig, axes = plt.subplots(1, 2, figsize=(10, 5))
for ax, (name, runs) in zip(axes, atlas.items(), strict=True):
    tokens, A = runs[0]
    layer, head = heads[name]
    ax.imshow(A[layer, head].numpy(), cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(tokens)), tokens, rotation=90, fontsize=8)
    ax.set_yticks(range(len(tokens)), tokens, fontsize=8)
    ax.set_title(f"{name}, layer {layer}, head {head}", fontsize=10)
fig.supxlabel("key (attended to)")
fig.supylabel("query (attending)")
svg = io.StringIO()
fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
plt.close(fig)

# One output, three forms: viewers show the richest one they know. The text says
# what the figure shows, for a reader who cannot see it (and for plain `python`).
sizes = ", ".join(f"{m['name']} {m['layers']} layers x {m['n_h']} heads"
                  for m in data["models"])
shown = " and ".join(f"{name} layer {layer}, head {head}"
                     for name, (layer, head) in heads.items())
bundle = {
    "application/vnd.tested-transformer.attention+json": data,   # this page
    "image/svg+xml": svg.getvalue(),                              # Jupyter, Colab
    "text/plain": f"Attention atlas: {sizes}. The figure: the heads where 'it'"
                  f" looks most at 'animal', {shown}, as heatmaps for the sentence"
                  f" {SENTENCES[0]!r} (rows: queries, columns: keys).",
}


class Atlas:
    """The bundle for IPython's display (`_repr_mimebundle_`); plain `python`,
    which has no display, prints the text form instead of the whole data."""

    def _repr_mimebundle_(self, include=None, exclude=None):
        return bundle

    def __repr__(self):
        return bundle["text/plain"]


display(Atlas())
text = json.dumps(data, separators=(",", ":"))
print(f"atlas data: {len(text) / 1e3:.0f} kB of JSON,"
      f" {len(gzip.compress(text.encode())) / 1e3:.0f} kB gzipped")
