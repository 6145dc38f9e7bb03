"""Cross-attention as an alignment: which input word each output character reads."""

from snippets.learning.dates import in_words, src_test, test_dates, test_styles
from snippets.learning.greedy import out
from snippets.learning.train_seq2seq import translator

# %%
import matplotlib.pyplot as plt
import pandas as pd
import torch

with torch.no_grad():
    translator(src_test, out[:, :-1])            # the model's own answers
# Average over the decoder's layers and heads: (1000 dates, 11 outputs, 7 words)
A = torch.stack([b.cross.weights for b in translator.decoder]).mean(dim=(0, 2))

fig, axes = plt.subplots(1, 2, figsize=(6, 4.4))
for ax, style in zip(axes, (0, 1), strict=True):
    i = test_styles.index(style)                 # first held-out date in it
    ax.set_title(["day of month year", "month day, year"][style], fontsize=9)
    ax.imshow(A[i].numpy(), cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(7), in_words(test_dates[i], style), rotation=90)
    ax.set_yticks(range(11), [*test_dates[i].isoformat(), "</s>"])
    ax.set_xlabel("input word (key)")
axes[0].set_ylabel("output character (query)")
plt.tight_layout()
plt.show()

# Over all held-out dates: weight on the month word and on the day word
style = torch.tensor(test_styles)
month_at = torch.where(style == 0, 2, 0)         # "... of November" or "November ..."
day_at = torch.where(style == 0, 0, 1)
rows = torch.arange(len(A))
slots = {"month, 1st digit": 5, "month, 2nd digit": 6,
         "day, 1st digit": 8, "day, 2nd digit": 9}
alignment = pd.DataFrame([{
    "output": name,
    "weight on month word": A[rows, k, month_at].mean().item(),
    "weight on day word": A[rows, k, day_at].mean().item(),
    "month word gets most": (A[:, k].argmax(-1) == month_at).float().mean().item(),
    "day word gets most": (A[:, k].argmax(-1) == day_at).float().mean().item(),
} for name, k in slots.items()]).set_index("output")
alignment.round(2)
