"""The same counts as a chart: the MLPs hold the most, then attention, the embedding."""

from snippets.real_model.param_table import counts

# %%
import matplotlib.pyplot as plt

names = list(counts)[::-1]                    # first component at the top
millions = [counts[n] / 1e6 for n in names]
fig, ax = plt.subplots(figsize=(7, 2.8))
bars = ax.barh(names, millions, color="tab:blue")
ax.bar_label(bars, labels=[f"{m:,.1f} M" for m in millions],
             padding=3, fontsize=9)
ax.set_xlabel("parameters (millions)")
ax.set_xlim(0, max(millions) * 1.2)
ax.set_title("Qwen3-0.6B: parameters per component")
plt.show()
