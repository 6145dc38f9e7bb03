"""The sampling widget's data: the likeliest logits of a few prompts, for the page."""

from snippets.output_head.filters import T, sample_distribution, top_k, top_p
from snippets.output_head.head import prompt
from snippets.output_head.load import model, tokenizer

# %%
import base64
import gzip
import io
import json

import matplotlib.pyplot as plt
import numpy as np
import torch
from IPython.display import display

N = 200                            # the widget carries the N likeliest tokens
prompts = [prompt, "Once upon a time, there was a", "My favourite colour is",
           "def add(a, b):\n    return"]
temperatures = [round(0.05 * i, 2) for i in range(1, 41)]      # 0.05 ... 2.0

data = {"vocab": model.config.vocab_size, "N": N, "temperatures": temperatures,
        "start": {"T": T, "top_k": top_k, "top_p": top_p}, "prompts": []}
for text in prompts:
    inputs = tokenizer(text, return_tensors="pt")     # not `batch`: kept for below
    with torch.no_grad():
        X = model.model(**inputs).last_hidden_state   # (1, n, d_model)
        z_all = model.lm_head(X[:, -1])[0]              # (vocab,) as above
    top = z_all.topk(N + 1)                         # one more: no tie at the edge
    assert top.values[N - 1] > top.values[N], "a tie crosses the N-th token"
    data["prompts"].append({
        "text": text,
        "labels": [repr(tokenizer.decode(i)) for i in top.indices[:N]],
        # float32 bytes, little-endian, base64: exact, so the page's script and this
        # code start from the same numbers
        "logits": base64.b64encode(
            top.values[:N].numpy().astype("<f4").tobytes()).decode(),
        # log of the softmax's denominator over ALL tokens at each temperature:
        # what the tokens held before any cut, p_T(j) = exp(z_j / T - log_Z)
        "log_Z": [torch.logsumexp(z_all.double() / t, dim=0).item()
                  for t in temperatures],
    })

# For viewers without the page's script (Jupyter, Colab): the first prompt
z_top = torch.from_numpy(np.frombuffer(
    base64.b64decode(data["prompts"][0]["logits"]), dtype="<f4").copy())
log_Z = data["prompts"][0]["log_Z"][temperatures.index(T)]
p_T = (z_top.double() / T - log_Z).exp()         # (N,) temperature alone
p_sampled = sample_distribution(z_top, T, top_k, top_p)  # as over the whole vocabulary
rows = 12
plt.rcParams["svg.hashsalt"] = "sampling"       # fixed ids: the same file every run
fig, ax = plt.subplots(figsize=(7, 4))
y = np.arange(rows)
ax.barh(y, p_T[:rows].numpy(), height=0.8, fill=False, edgecolor="tab:gray",
        label=f"at T = {T} (all tokens)")
ax.barh(y, p_sampled[:rows].numpy(), height=0.5, color="tab:blue",
        label=f"sampled from (top-k {top_k}, top-p {top_p})")
ax.set_yticks(y, data["prompts"][0]["labels"][:rows])
ax.invert_yaxis()
ax.set_xlabel("probability")
ax.set_title(f"{prompt!r}: T = {T}, top-k {top_k}, top-p {top_p}")
ax.legend(loc="lower right")
svg = io.StringIO()
fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
plt.close(fig)

bundle = {
    "application/vnd.tested-transformer.sampling+json": data,    # this page
    "image/svg+xml": svg.getvalue(),                             # Jupyter, Colab
    "text/plain": f"Sampling widget: the {N} likeliest next tokens of"
                  f" {len(prompts)} prompts",
}


class SamplingWidget:
    """The bundle for IPython's display (`_repr_mimebundle_`); plain `python`,
    which has no display, prints the text form instead of the whole data."""

    def _repr_mimebundle_(self, include=None, exclude=None):
        return bundle

    def __repr__(self):
        return bundle["text/plain"]


display(SamplingWidget())
payload = json.dumps(data, separators=(",", ":"))
print(f"widget data: {len(payload) / 1e3:.0f} kB of JSON,"
      f" {len(gzip.compress(payload.encode())) / 1e3:.0f} kB gzipped")
