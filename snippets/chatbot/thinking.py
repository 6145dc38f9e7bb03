"""The thinking flag reaches the template; only templates that use it change."""

from snippets.chatbot.bot import DemoChatbot
from snippets.chatbot.load import model, tokenizer

# %%
question = "What is 12 times 7?"

# SmolLM2's template never mentions enable_thinking: the flag changes nothing.
smol = DemoChatbot(tokenizer, model)
off = smol.prompt(question)
smol.thinking = True
print("SmolLM2 prompt same with thinking=True:", smol.prompt(question) == off)

# Qwen3's template reduced to its thinking logic: with thinking off it writes
# an empty <think></think> block, so the model skips straight to the answer.
QWEN3_STYLE = (
    "{% for m in messages %}"
    "<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n"
    "{% if enable_thinking is defined and enable_thinking is false %}"
    "<think>\n\n</think>\n\n{% endif %}{% endif %}"
)
qwen_like = DemoChatbot(tokenizer, model, chat_template=QWEN3_STYLE)
for flag in (False, True):
    qwen_like.thinking = flag
    print(f"--- thinking={flag} ---")
    print(qwen_like.prompt(question), end="|<- prompt ends here\n")
