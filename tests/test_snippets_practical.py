"""Claims made by the snippets of docs/practical.md."""

import time

import pytest
import torch
from transformers import AutoConfig, AutoModelForCausalLM

from snippets.practical import (
    error_architecture,
    error_oom,
    error_tokenizer,
    inference_tensors,
    kv_cache,
    load,
    quantized_file,
    saved_for_backward,
    weights_memory,
)


def test_only_grad_mode_saves_activations_for_backward():
    rows = {r["mode"]: r for r in saved_for_backward.rows}
    grad, no_grad, inference = (rows[m] for m in saved_for_backward.MODES)
    assert grad["saved MB, 64 tokens"] > 10
    assert no_grad["saved MB, 64 tokens"] == inference["saved MB, 64 tokens"] == 0
    assert grad["logits.requires_grad"] and not no_grad["logits.requires_grad"]
    assert not inference["logits.requires_grad"]
    assert inference["logits.is_inference()"] and not no_grad["logits.is_inference()"]


def test_saved_activations_grow_linearly_with_tokens():
    grad = saved_for_backward.rows[0]
    ratio = grad["saved MB, 256 tokens"] / grad["saved MB, 64 tokens"]
    # 4x the tokens, 4x the memory: nothing n x n (quadratic would give 16x) is kept
    assert ratio == pytest.approx(4, rel=0.01)
    assert load.model.config._attn_implementation == "sdpa"  # the fused kernel


def test_quantized_file_is_4_bit_blocks_plus_an_8_bit_embedding_and_f32_norms():
    types = quantized_file.types
    assert types.index[0] == "Q4_1"  # most parameters
    assert types.loc["Q4_1", "bits per param"] == 5.0  # 4 bits + scale, offset per 32
    assert types.loc["Q8_0", "example"] == "token_embd.weight"
    assert types.loc["Q8_0", "tensors"] == 1 and types.loc["Q8_0", "bits per param"] == 8.5
    assert "norm" in types.loc["F32", "example"] and types.loc["F32", "bits per param"] == 32
    assert types["params"].sum() == quantized_file.n_params
    assert types["bytes"].sum() < quantized_file.size  # plus the header and tokenizer


def test_inference_tensors_cannot_enter_autograd_but_no_grad_ones_can():
    w = torch.ones((), requires_grad=True)
    (inference_tensors.h_no_grad * w).sum().backward()
    assert w.grad is not None
    with pytest.raises(RuntimeError, match="Inference tensors cannot be saved"):
        (inference_tensors.h_inference * w).sum().backward()


def test_weight_memory_is_parameters_times_bytes_and_matches_the_real_model():
    real = sum(p.numel() for p in load.model.parameters())
    with torch.device("meta"):  # what the table counts: the architecture of the config
        meta = AutoModelForCausalLM.from_config(
            AutoConfig.from_pretrained("HuggingFaceTB/SmolLM2-135M-Instruct")
        )
    assert sum(p.numel() for p in meta.parameters()) == real
    rows = {r["model"]: r for r in weights_memory.rows}
    assert rows["smollm2-135m"]["fp32 GB"] == round(real * 4 / 1e9, 2)
    llama = rows["llama-3-8b"]
    assert llama["bf16 GB"] > 16 and llama["4-bit GB"] == pytest.approx(llama["fp32 GB"] / 8, abs=0.01)


def test_real_4bit_file_costs_more_than_4_bits_per_parameter():
    bits = 8 * quantized_file.size / quantized_file.n_params
    assert 4.5 < bits < 8


def test_kv_cache_formula_and_gqa_saving():
    rows = {r["model"]: r for r in kv_cache.rows}
    llama = rows["llama-3-8b"]
    assert llama["kB per token"] == 2 * 32 * 8 * 128 * 2 / 1e3  # K,V x layers x heads x d
    assert llama["GB without GQA"] == pytest.approx(4 * llama["GB at 8,192 tokens"], abs=0.02)
    qwen = AutoConfig.from_pretrained("Qwen/Qwen3-0.6B")
    assert kv_cache.kv_bytes_per_token(qwen) == 2 * 28 * 8 * 128 * 2  # head_dim 128


def test_oom_is_a_fast_runtime_error(capsys):
    start = time.perf_counter()
    with pytest.raises(RuntimeError, match="can't allocate memory"):
        torch.empty(2**62, dtype=torch.uint8)
    assert time.perf_counter() - start < 1.0
    error_oom.show_error(lambda: torch.empty(2**62, dtype=torch.uint8))
    assert capsys.readouterr().out.startswith("RuntimeError: ")


def test_show_error_hides_the_venv_path(capsys):
    def fail():
        raise OSError(f"no file {error_oom.sys.prefix}/y")

    error_oom.show_error(fail)
    out = capsys.readouterr().out
    assert out == "OSError: no file <venv>/y\n"


def test_mismatched_tokenizer_garbles_silently_or_raises_index_error():
    ids = error_tokenizer.bert_ids[0]
    assert ids.max() < len(error_tokenizer.tokenizer)  # valid ids, no error ...
    assert error_tokenizer.tokenizer.decode(ids) != error_tokenizer.text  # ... wrong text
    smol = error_tokenizer.smol
    assert smol["input_ids"].max() >= error_tokenizer.encoder.config.vocab_size
    with pytest.raises(IndexError), torch.inference_mode():
        error_tokenizer.encoder(**smol)


def test_wrong_auto_class_raises_or_loads_a_random_head():
    from transformers import AutoModelForSeq2SeqLM

    with pytest.raises(ValueError, match="Unrecognized configuration class"):
        AutoModelForSeq2SeqLM.from_pretrained(load.folder, gguf_file=load.gguf)
    assert type(error_architecture.lm).__name__ == "BertLMHeadModel"
    missing = error_architecture.info["missing_keys"]
    assert missing and all(k.startswith("cls.predictions") for k in missing)


def test_timing_snippet_measures_every_mode():
    from snippets.practical import timing

    assert set(timing.seconds) == set(timing.MODES)
    assert all(s > 0 for s in timing.seconds.values())
