"""Check: the kept turns fit the budget, and one more pair would not."""

from snippets.chatbot.ex_trim_solution import trim_history
from snippets.chatbot.load import tokenizer

# %%
history = []
for asked, answered in [("What is the capital of France?", "Paris."),
             ("Which river flows through it?", "The Seine."),
             ("How long is it?", "About 777 kilometres."),
             ("Where does it end?", "In the English Channel, at Le Havre.")]:
    history += [{"role": "user", "content": asked},
                {"role": "assistant", "content": answered}]
question = "Name a bridge over it."


def prompt_tokens(messages):
    new = messages + [{"role": "user", "content": question}]
    ids = tokenizer.apply_chat_template(new, add_generation_prompt=True)["input_ids"]
    return len(ids)


for pairs in (4, 2, 1, 0):                  # budget: exactly what `pairs` pairs need
    budget = prompt_tokens(history[len(history) - 2 * pairs:])
    kept = trim_history(history, question, budget)
    assert kept == history[len(history) - 2 * pairs:], (
        f"with a budget of {budget} tokens the last {pairs} pair(s) fit exactly;"
        f" you kept {len(kept)} messages instead of {2 * pairs}")
    assert prompt_tokens(kept) <= budget, f"your prompt is over the budget of {budget}"
print(f"✓ kept the newest turns that fit, e.g. 2 pairs in"
      f" {prompt_tokens(history[-4:])} tokens (all 4 need {prompt_tokens(history)})")
