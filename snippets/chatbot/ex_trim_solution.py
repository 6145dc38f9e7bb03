"""Solution: count the prompt's tokens with the template; drop pairs from the front."""

from snippets.chatbot.load import tokenizer

# %%


def trim_history(history: list[dict], question: str, budget: int) -> list[dict]:
    """Drop the oldest (user, assistant) pair while the prompt is too long."""
    def n_tokens(messages):
        return len(tokenizer.apply_chat_template(
            messages, add_generation_prompt=True)["input_ids"])

    kept = list(history)
    while kept and n_tokens(kept + [{"role": "user", "content": question}]) > budget:
        kept = kept[2:]                       # one user and one assistant message
    return kept
