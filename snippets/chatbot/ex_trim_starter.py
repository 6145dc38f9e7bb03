"""Exercise: keep a chat's prompt under a token budget by dropping the oldest turns."""

# %%


def trim_history(history: list[dict], question: str, budget: int) -> list[dict]:
    """The longest suffix of `history`, in whole (user, assistant) pairs, such
    that the prompt for `question` (history + the new user message, through
    tokenizer.apply_chat_template with add_generation_prompt=True) has at
    most `budget` tokens. Drop the oldest pairs first; [] if none fits."""
    raise NotImplementedError("your code here")
