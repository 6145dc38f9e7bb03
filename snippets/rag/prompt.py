"""The augmented prompt: retrieved facts first, then the question."""

from snippets.rag.keyword import QUESTION
from snippets.rag.knowledge import FACTS
from snippets.rag.retrieve import embedding_ranking

# %%


def rag_prompt(question, top_k=2):
    """A user message holding the top_k most similar facts and the question."""
    top = embedding_ranking(question, top_k)
    context = "\n".join(f"- {FACTS[i]}" for _, i in top)
    return (f"Context:\n{context}\n\n"
            f"Question: {question}\nAnswer in one sentence, using the context.")


print(rag_prompt(QUESTION))
