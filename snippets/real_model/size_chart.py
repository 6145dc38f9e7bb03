"""The size table as a chart, on a log scale: each step right is 10 times bigger."""

from snippets.real_model.size_table import sizes

# %%
import matplotlib.pyplot as plt
from matplotlib.patches import Patch

colors = {"encoder": "tab:green", "enc-dec": "tab:purple",
          "decoder": "tab:blue"}
fig, ax = plt.subplots(figsize=(7, 3.2))
ax.barh(sizes.index, sizes["parameters"],
        color=[colors[k] for k in sizes["kind"]])
ax.set_xscale("log")
ax.set_xlabel("parameters (log scale)")
ax.legend(handles=[Patch(color=c, label=k) for k, c in colors.items()],
          loc="lower right", fontsize=9)
ax.set_title("Model sizes, counted from their configs")
plt.show()
