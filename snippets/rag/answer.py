"""The same model, the same question: answered with and without retrieved facts."""

from snippets.rag.keyword import QUESTION
from snippets.rag.load import model, tokenizer
from snippets.rag.prompt import rag_prompt

# %%
import torch


@torch.inference_mode()
def answer(user_message, max_new_tokens=40):
    """Greedy reply of the chat model to one user message."""
    inputs = tokenizer.apply_chat_template(
        [{"role": "user", "content": user_message}],
        add_generation_prompt=True, return_dict=True, return_tensors="pt",
    )
    out = model.generate(**inputs, max_new_tokens=max_new_tokens,
                         do_sample=False)
    return tokenizer.decode(out[0, inputs["input_ids"].shape[1]:],
                            skip_special_tokens=True).strip()


grounded = answer(rag_prompt(QUESTION))
ungrounded = answer(QUESTION)
print("with retrieved facts:", grounded)
print("without:             ", ungrounded)
