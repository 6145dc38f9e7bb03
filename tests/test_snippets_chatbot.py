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


def test_smollm2_template_has_no_generation_markers_so_the_assistant_mask_is_empty():
    from snippets.chatbot import assistant_mask

    assert assistant_mask.has_markers is False
    assert len(assistant_mask.encoded["assistant_masks"]) == len(assistant_mask.encoded["input_ids"])
    assert sum(assistant_mask.encoded["assistant_masks"]) == 0


def test_labels_train_exactly_the_reply_and_the_markers_after_it():
    from snippets.chatbot import labels

    ids, lab = labels.input_ids[0], labels.labels[0]
    trained = lab != -100
    assert torch.equal(lab[trained], ids[trained])  # a label is the token itself
    n = int(trained.sum())
    assert trained[-n:].all() and not trained[:-n].any()  # one block, at the end
    reply = labels.pair[-1]["content"]
    assert labels.tokenizer.decode(ids[trained]) == reply + "<|im_end|>\n"
    # everything before it is the prompt the model is given: system, user, assistant header
    prompt = labels.tokenizer.decode(ids[~trained])
    assert prompt.endswith("<|im_start|>assistant\n") and reply not in prompt


def test_a_template_with_generation_markers_gives_the_same_mask():
    from snippets.chatbot import labels

    tokenizer = labels.tokenizer
    marked = tokenizer.chat_template.replace(
        "{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}",
        "{{'<|im_start|>' + message['role'] + '\n'}}"
        "{% if message['role'] == 'assistant' %}{% generation %}"
        "{{ message['content'] + '<|im_end|>' + '\n' }}{% endgeneration %}"
        "{% else %}{{ message['content'] + '<|im_end|>' + '\n' }}{% endif %}",
    )
    assert marked != tokenizer.chat_template, "SmolLM2's template changed: update the test"
    out = tokenizer.apply_chat_template(
        labels.pair, chat_template=marked, return_assistant_tokens_mask=True, return_dict=True
    )
    assert out["input_ids"] == labels.input_ids[0].tolist()
    assert out["assistant_masks"] == (labels.labels[0] != -100).int().tolist()


def test_sft_loss_is_the_mean_negative_log_prob_of_the_reply_tokens():
    from snippets.chatbot import sft_loss

    assert sft_loss.n_trained == int((sft_loss.labels != -100).sum())
    assert torch.isclose(sft_loss.sft_loss, -sft_loss.logp_reply / sft_loss.n_trained, atol=1e-4)


def test_dpo_loss_starts_at_log_2_and_falls_as_the_margin_grows():
    import math

    import torch.nn.functional as F

    from snippets.chatbot import preference

    assert preference.logp_chosen > preference.logp_rejected  # the page: Paris is likelier
    losses = [-F.logsigmoid(preference.beta * torch.tensor(g)).item() for g in (0.0, 10.0, 50.0)]
    assert math.isclose(losses[0], math.log(2), rel_tol=1e-6)
    assert losses[0] > losses[1] > losses[2] > 0
    assert float(preference.dpo_loss) == pytest.approx(losses[-1], rel=1e-5)
