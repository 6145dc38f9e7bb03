"""How many facts to retrieve? A small model can be misled by extra context."""

from snippets.rag.answer import answer
from snippets.rag.keyword import QUESTION
from snippets.rag.prompt import rag_prompt

# %%
answers_by_top_k = {top_k: answer(rag_prompt(QUESTION, top_k=top_k))
                    for top_k in (1, 2, 3)}
for top_k, reply in answers_by_top_k.items():
    print(f"top_k={top_k}: {reply}")
