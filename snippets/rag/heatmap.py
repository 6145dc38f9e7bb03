"""Cosine similarity of several questions to every fact: the answer is brightest."""

from snippets.rag.embed import E, embed
from snippets.rag.keyword import words
from snippets.rag.knowledge import FACTS

# %%
import textwrap

import matplotlib.pyplot as plt

# Each question paraphrases one fact (value: the index of the fact that answers).
QUESTIONS = {
    "When does the place close on Saturday?": 1,
    "How long can I keep a bike?": 0,
    "What does a student pay to join?": 3,
    "Can I bring my puppy?": 10,
    "Where do I find things I forgot?": 7,
    "I cut my finger, where is a bandage?": 12,
}
S = embed(list(QUESTIONS)) @ E.T                      # (n_questions, n_facts)

fig, ax = plt.subplots(figsize=(7.5, 5.6))
ax.imshow(S.numpy(), cmap="Blues", vmin=0, vmax=S.max().item())
short = [textwrap.shorten(fact, 30, placeholder="…") for fact in FACTS]
ax.set_xticks(range(len(FACTS)), short, rotation=60, ha="right",
              rotation_mode="anchor", fontsize=9)
ax.set_yticks(range(len(QUESTIONS)), list(QUESTIONS))
ax.set_xlabel("fact (shortened)")
for row, best in enumerate(QUESTIONS.values()):
    ax.add_patch(plt.Rectangle((best - 0.5, row - 0.5), 1, 1, fill=False,
                               edgecolor="#d95f02", linewidth=2))
ax.set_title("Cosine similarity (orange box: the fact that answers)")
fig.tight_layout()
plt.show()
print("best fact is the answer for every question:",
      S.argmax(dim=1).tolist() == list(QUESTIONS.values()))
# How far the brightest cell leads the next one, and the words (stop words
# aside) that a question shares with the fact that answers it
best, runner_up = S.topk(2, dim=1).values.T           # (n_questions,) each
shared = {q: sorted(words(q) & words(FACTS[i])) for q, i in QUESTIONS.items()}
for (question, common), first, second in zip(shared.items(), best, runner_up,
                                             strict=True):
    print(f"{question:<38} {first:.2f}, next {second:.2f}; "
          f"shares {common or 'no word'}")
