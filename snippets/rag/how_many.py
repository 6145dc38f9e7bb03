"""How many facts to retrieve? A small model can be misled by extra context."""

from snippets.rag.answer import answer
from snippets.rag.keyword import QUESTION
from snippets.rag.prompt import rag_prompt

# %%
answers_by_k = {k: answer(rag_prompt(QUESTION, k=k)) for k in (1, 2, 3)}
for k, reply in answers_by_k.items():
    print(f"k={k}: {reply}")
