"""Claims made by the snippets of docs/chatbot.md."""

from pathlib import Path

import pytest
import torch
from tokenizers import Tokenizer, models, pre_tokenizers, trainers
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

from snippets.chatbot.bot import DemoChatbot

# A template that writes the thinking flag into the prompt, so a test can see it.
TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n"
    "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n"
    "{% if enable_thinking %}<think>\n{% endif %}{% endif %}"
)
CORPUS = [
    "what is the capital of france",
    "paris is the capital",
    "which river",
    "the seine flows through paris",
    "hello there",
    "tell me more",
] * 5


def tiny_chat_folder(folder: Path) -> Path:
    """A tiny random Llama and a tokenizer trained here, saved like a hub model."""
    raw = Tokenizer(models.WordLevel(unk_token="<unk>"))
    raw.pre_tokenizer = pre_tokenizers.Whitespace()
    specials = ["<unk>", "<|im_start|>", "<|im_end|>", "<pad>"]
    raw.train_from_iterator(CORPUS, trainers.WordLevelTrainer(special_tokens=specials))
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=raw,
        unk_token="<unk>",
        eos_token="<|im_end|>",
        pad_token="<pad>",
        bos_token="<|im_start|>",
    )
    tokenizer.chat_template = TEMPLATE
    tokenizer.save_pretrained(folder)
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
    )
    LlamaForCausalLM(config).save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_bot(tmp_path_factory) -> DemoChatbot:
    folder = tiny_chat_folder(tmp_path_factory.mktemp("tiny-chat"))
    return DemoChatbot.from_pretrained(str(folder), max_new_tokens=4)


def test_history_grows_by_two_messages_per_turn(tiny_bot):
    tiny_bot.clear()
    for turn in (1, 2, 3):
        reply = tiny_bot.ask("what is the capital of france")
        assert len(tiny_bot.history) == 2 * turn
        assert tiny_bot.history[-2] == {"role": "user", "content": "what is the capital of france"}
        assert tiny_bot.history[-1] == {"role": "assistant", "content": reply}


def test_clear_empties_history_and_the_next_prompt_forgets(tiny_bot):
    tiny_bot.ask("hello there")
    assert "hello there" in tiny_bot.prompt("tell me more")
    tiny_bot.clear()
    assert tiny_bot.history == []
    assert "hello there" not in tiny_bot.prompt("tell me more")


def test_prompt_ends_with_the_assistant_header(tiny_bot):
    tiny_bot.clear()
    tiny_bot.thinking = False
    assert tiny_bot.prompt("which river").endswith("<|im_start|>assistant\n")


def test_thinking_flag_reaches_the_template(tiny_bot):
    tiny_bot.clear()
    tiny_bot.thinking = True
    assert tiny_bot.prompt("which river").endswith("<|im_start|>assistant\n<think>\n")
    tiny_bot.thinking = False
    assert "<think>" not in tiny_bot.prompt("which river")


def test_reply_is_only_the_new_tokens(tiny_bot):
    tiny_bot.clear()
    reply = tiny_bot.ask("hello there")
    assert "<|im_start|>" not in reply and "hello there" not in reply[:11]


def test_real_model_answers_paris_then_resolves_it_from_history():
    from snippets.chatbot import clear, first_turn, second_turn

    assert "Paris" in first_turn.reply
    assert "Seine" in second_turn.second_reply  # "it" was resolved to Paris
    assert "Seine" not in clear.cold_reply  # same question, no history
    assert len(clear.bot.history) == 2  # cleared, then one turn


def test_real_template_ignores_thinking_but_qwen3_style_template_uses_it():
    from snippets.chatbot import thinking

    smol = DemoChatbot(thinking.tokenizer, thinking.model)
    assert smol.prompt("hi") == DemoChatbot(thinking.tokenizer, thinking.model, thinking=True).prompt("hi")
    qwen_like = DemoChatbot(thinking.tokenizer, thinking.model, chat_template=thinking.QWEN3_STYLE)
    assert qwen_like.prompt("hi").endswith("<think>\n\n</think>\n\n")
    qwen_like.thinking = True
    assert qwen_like.prompt("hi").endswith("<|im_start|>assistant\n")


def test_chapter_loads_the_real_decoder_once():
    from snippets.chatbot import load

    assert type(load.model).__name__ == "LlamaForCausalLM"
    assert 130e6 < load.n_params < 140e6  # SmolLM2-135M


def test_template_ends_with_the_assistant_header_and_tokenizes_with_a_mask():
    from snippets.chatbot import template

    assert template.text.rstrip().endswith("assistant")
    assert template.inputs["input_ids"].shape == template.inputs["attention_mask"].shape
    # the page: return_dict=True is the default now; return_dict=False gives ids alone
    default = template.tokenizer.apply_chat_template(
        template.messages, add_generation_prompt=True, return_tensors="pt"
    )
    assert type(default) is type(template.inputs) and set(default) == set(template.inputs)
    ids_only = template.tokenizer.apply_chat_template(
        template.messages, add_generation_prompt=True, return_tensors="pt", return_dict=False
    )
    assert isinstance(ids_only, torch.Tensor)
    assert torch.equal(ids_only, template.inputs["input_ids"])


def test_next_prompt_carries_the_history_and_the_follow_up():
    from snippets.chatbot import next_prompt

    bot = next_prompt.bot  # shared with later snippets, which clear it: restore after
    saved = list(bot.history)
    bot.history[:] = [
        {"role": "user", "content": "What is the capital of France?"},
        {"role": "assistant", "content": "Paris."},
    ]
    try:
        text = bot.prompt(next_prompt.follow_up)
    finally:
        bot.history[:] = saved
    assert text.index("capital of France") < text.index("Paris.") < text.index(next_prompt.follow_up)
