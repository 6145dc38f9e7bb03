"""Check: your template writes exactly what the tokenizer's own template writes."""

from snippets.chatbot.ex_template_solution import MY_TEMPLATE
from snippets.chatbot.load import tokenizer

# %%
conversations = {
    "no system message": [
        {"role": "user", "content": "What is the capital of France?"}],
    "system message and two turns": [
        {"role": "system", "content": "Answer in one word."},
        {"role": "user", "content": "Capital of France?"},
        {"role": "assistant", "content": "Paris."},
        {"role": "user", "content": "And of Italy?"}],
}
for name, messages in conversations.items():
    for gen in (True, False):
        ours = tokenizer.apply_chat_template(messages, chat_template=MY_TEMPLATE,
                                             tokenize=False, add_generation_prompt=gen)
        theirs = tokenizer.apply_chat_template(messages, tokenize=False,
                                               add_generation_prompt=gen)
        assert ours == theirs, (
            f"{name}, add_generation_prompt={gen}:\nyours:    {ours!r}\n"
            f"expected: {theirs!r}")
print("✓ your template renders both conversations exactly as SmolLM2's own,"
      " with and without the generation prompt")
