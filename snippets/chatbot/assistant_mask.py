"""A chat-formatted training pair, and the mask transformers can return for it."""

from snippets.chatbot.load import tokenizer

# %%
# One example of instruction tuning: the conversation up to the reply is the
# prompt, the assistant's message is what the model should learn to write.
pair = [
    {"role": "system", "content": "Answer in one word."},
    {"role": "user", "content": "What is the capital of France?"},
    {"role": "assistant", "content": "Paris."},
]

# transformers builds the "assistant tokens" mask from {% generation %} ...
# {% endgeneration %} markers in the template; with none, every entry is 0.
encoded = tokenizer.apply_chat_template(
    pair, tokenize=True, return_assistant_tokens_mask=True, return_dict=True
)
has_markers = "{% generation %}" in tokenizer.chat_template
print("{% generation %} in SmolLM2's template:", has_markers)
print("tokens marked as the assistant's:", sum(encoded["assistant_masks"]),
      "of", len(encoded["input_ids"]))
