"""DemoChatbot: a chat template, a message history and greedy generate()."""

# %%
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer


class DemoChatbot:
    """Chat with any model that has a chat template; remembers the chat."""

    def __init__(self, tokenizer, model, thinking=False, max_new_tokens=48,
                 chat_template=None):
        self.tokenizer, self.model = tokenizer, model
        self.thinking = thinking    # passed to the template: enable_thinking
        self.max_new_tokens = max_new_tokens
        self.chat_template = chat_template  # None: the tokenizer's own
        self.history = []           # [{"role": ..., "content": ...}, ...]

    @classmethod
    def from_pretrained(cls, name_or_path, **kwargs):
        """Load tokenizer and model from a hub id or a folder; wrap them."""
        tokenizer = AutoTokenizer.from_pretrained(name_or_path)
        model = AutoModelForCausalLM.from_pretrained(name_or_path, dtype="auto")
        return cls(tokenizer, model.eval(), **kwargs)

    def _render(self, text, **kwargs):
        messages = self.history + [{"role": "user", "content": text}]
        return self.tokenizer.apply_chat_template(
            messages, add_generation_prompt=True, enable_thinking=self.thinking,
            chat_template=self.chat_template, **kwargs,
        )

    def prompt(self, text):
        """The exact text the model reads if you ask `text` now."""
        return self._render(text, tokenize=False)

    @torch.inference_mode()
    def ask(self, text):
        """Answer `text` in the context of the history; remember both turns."""
        inputs = self._render(text, return_dict=True, return_tensors="pt")
        out = self.model.generate(
            **inputs, max_new_tokens=self.max_new_tokens,
            do_sample=False,                 # greedy: the same reply every run
        )
        new_ids = out[0, inputs["input_ids"].shape[1]:]      # drop the prompt
        reply = self.tokenizer.decode(new_ids, skip_special_tokens=True).strip()
        self.history += [{"role": "user", "content": text},
                         {"role": "assistant", "content": reply}]
        return reply

    def clear(self):
        """Forget the conversation: the next question starts from nothing."""
        self.history.clear()
