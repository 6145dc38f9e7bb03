"""Labels for fine-tuning: the conversation's ids, with -100 on the prompt's tokens."""

from snippets.chatbot.assistant_mask import pair
from snippets.chatbot.load import tokenizer

# %%
import torch


def chat_labels(messages):
    """input_ids and labels, (1, n) each, for a conversation ending in the reply.

    The prompt (every message before the reply, plus the open assistant header)
    is a prefix of the whole conversation's tokens; its positions get the label
    -100, which PyTorch's cross-entropy ignores, so only the reply is trained.
    """
    prompt = tokenizer.apply_chat_template(messages[:-1], add_generation_prompt=True)
    full = tokenizer.apply_chat_template(messages)
    prompt, full = prompt["input_ids"], full["input_ids"]
    assert full[: len(prompt)] == prompt, "the prompt must be a prefix"
    labels = [-100] * len(prompt) + full[len(prompt):]
    return torch.tensor([full]), torch.tensor([labels])


input_ids, labels = chat_labels(pair)
print(" label  token")
for token_id, label in zip(input_ids[0].tolist(), labels[0].tolist(), strict=True):
    print(f"{label:>6}  {tokenizer.decode([token_id])!r}")
