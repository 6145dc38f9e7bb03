"""A chat template turns a list of messages into the one string the model reads."""

from snippets.chatbot.load import tokenizer

# %%
messages = [{"role": "user", "content": "What is the capital of France?"}]

# add_generation_prompt=True ends the text with the header of the assistant's
# turn, so the most likely continuation is the assistant's answer.
text = tokenizer.apply_chat_template(
    messages, tokenize=False, add_generation_prompt=True
)
print(text)

# tokenize=True (the default) and return_dict=True give what generate() needs:
# input_ids AND attention_mask.
inputs = tokenizer.apply_chat_template(
    messages, add_generation_prompt=True, return_dict=True, return_tensors="pt"
)
print({name: tuple(t.shape) for name, t in inputs.items()})   # (batch, tokens)
