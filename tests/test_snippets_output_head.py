"""Claims made by the snippets of docs/output_head.md."""

import base64
import gzip
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from snippets.output_head import (
    cache_size,
    filters,
    greedy,
    head,
    kv_cache,
    load,
    prefix,
    sampling,
    sampling_widget,
    teacher_forcing,
    temperature,
    top5,
)


def test_lm_head_is_tied_to_the_embedding_matrix():
    assert load.model.lm_head.weight.data_ptr() == load.E.data_ptr()
    assert tuple(load.model.lm_head.weight.shape) == (load.cfg.vocab_size, load.cfg.hidden_size)


def test_lm_head_of_last_hidden_state_gives_the_models_logits():
    assert head.logits.shape == (1, load.cfg.vocab_size)
    assert torch.allclose(head.logits, head.full[:, -1], atol=1e-4)
    # and it is a plain matrix product with the embedding matrix
    assert torch.allclose(head.logits, head.h @ load.E.T, atol=1e-4)


def test_probabilities_sum_to_one_and_top5_is_sorted():
    assert abs(top5.p.sum().item() - 1) < 1e-4  # float32 rounding over 49,152 terms
    assert (top5.p >= 0).all()
    probs = top5.top5["probability"].tolist()
    assert probs == sorted(probs, reverse=True)
    assert top5.top5["id"][0] == top5.z.argmax().item()
    logits = top5.top5["logit"].tolist()
    assert logits == sorted(logits, reverse=True), "softmax keeps the order"


def test_greedy_loop_matches_generate():
    assert torch.equal(greedy.ours, greedy.theirs)


def test_greedy_has_one_answer_per_prompt_the_likeliest_token_each_step():
    prompt = greedy.batch["input_ids"]
    again = greedy.write(prompt, greedy.n_new)
    assert torch.equal(again, greedy.ours)  # the same text on every run
    with torch.no_grad():
        logits = greedy.model(greedy.ours[:, :-1]).logits[0]  # (s - 1, vocab)
    s = prompt.shape[1]
    assert torch.equal(logits[s - 1 :].argmax(dim=-1), greedy.ours[0, s:])


def test_temperature_sharpens_and_flattens():
    ent = [temperature.entropy_bits(temperature.probs[T]) for T in temperature.temperatures]
    assert ent == sorted(ent), "entropy grows with temperature"
    top = [temperature.probs[T].max().item() for T in temperature.temperatures]
    assert top == sorted(top, reverse=True)
    vocab_size = temperature.vocab_size
    uniform = torch.full((vocab_size,), 1 / vocab_size)
    assert abs(temperature.entropy_bits(uniform) - torch.log2(torch.tensor(float(vocab_size))).item()) < 1e-3


def test_temperature_near_zero_equals_greedy_argmax():
    z = temperature.z
    for T in (1e-2, 1e-3):
        p = (z / T).softmax(dim=-1)
        g = torch.Generator().manual_seed(0)
        draws = torch.multinomial(p, 20, replacement=True, generator=g)
        assert (draws == z.argmax()).all()


def test_same_seed_same_sample_and_sampling_runs_are_seeded():
    assert torch.equal(sampling.again, sampling.samples[1.5, 1])
    ids = greedy.write(
        head.batch["input_ids"], 6, temperature=0.7, generator=torch.Generator().manual_seed(0)
    )
    assert torch.equal(ids, sampling.samples[0.7, 0])


def test_teacher_forcing_gives_all_positions_in_one_pass():
    s = teacher_forcing.ids.shape[1]
    assert teacher_forcing.out.logits.shape == (1, s, load.cfg.vocab_size)
    assert len(teacher_forcing.steps) == s - 1


def test_teacher_forcing_loss_equals_manual_cross_entropy():
    logits, ids = teacher_forcing.out.logits[0], teacher_forcing.ids[0]
    # mean of -log p(actual next token), written out without F.cross_entropy
    logp = logits[:-1].log_softmax(dim=-1)
    nll = -logp[torch.arange(len(ids) - 1), ids[1:]].mean()
    assert torch.allclose(teacher_forcing.out.loss, nll, atol=1e-5)
    assert torch.allclose(teacher_forcing.manual, nll, atol=1e-5)
    assert torch.allclose(F.cross_entropy(logits[:-1], ids[1:]), nll, atol=1e-5)


def test_prefix_predictions_equal_full_pass_predictions():
    assert prefix.diff < 1e-3
    assert torch.equal(prefix.prefix_logits.argmax(-1), teacher_forcing.out.logits[:, : prefix.k].argmax(-1))


def test_cached_and_uncached_generation_agree():
    assert torch.equal(kv_cache.outputs[True], kv_cache.outputs[False])


def test_cache_feeds_one_token_per_step_without_cache_the_whole_text():
    s = head.batch["input_ids"].shape[1]
    with_cache, without = kv_cache.fed[True], kv_cache.fed[False]
    N = len(with_cache)  # one call per generated token
    assert with_cache == [s] + [1] * (N - 1)
    assert without == [s + i for i in range(N)]
    assert sum(with_cache) == s + N - 1
    assert sum(without) == N * s + N * (N - 1) // 2


def test_cache_size_matches_formula():
    assert cache_size.measured == cache_size.n * cache_size.per_position
    cfg = load.cfg
    assert cache_size.layer0.keys.shape == (1, cfg.num_key_value_heads, cache_size.n, cache_size.d_k)


# --- temperature, top-k and top-p together; the sampling widget's data -------------------


def _decoded(entry):
    """A prompt's logits as the widget reads them: float32 bytes in base64."""
    raw = base64.b64decode(entry["logits"])
    return torch.from_numpy(np.frombuffer(raw, dtype="<f4").copy())


def test_sample_distribution_keeps_the_top_k_tokens_inside_the_nucleus():
    q, z = filters.p_sampled, filters.z
    assert abs(q.sum().item() - 1) < 1e-12
    kept = q > 0
    assert kept.sum() == len(filters.survivors) <= filters.top_k
    # temperature, then top-k: the k largest logits, renormalised
    p_k = (z.double() / filters.T).topk(filters.top_k).values.softmax(dim=-1)
    m = len(filters.survivors)
    # the nucleus: the fewest likeliest tokens holding top_p of what top-k left
    assert p_k[:m].sum() >= filters.top_p > p_k[: m - 1].sum()
    assert torch.equal(kept.nonzero()[:, 0].sort().values, filters.survivors.sort().values)
    assert torch.allclose(q[filters.survivors], p_k[:m] / p_k[:m].sum(), atol=1e-12)


def test_sample_distribution_is_what_generate_samples_from():
    """The same tokens survive, with the same probabilities, as in generate()'s own
    (float32) processed scores for the next token."""
    with torch.no_grad():
        out = load.model.generate(
            **head.batch, do_sample=True, temperature=filters.T, top_k=filters.top_k, top_p=filters.top_p,
            max_new_tokens=1, output_scores=True, return_dict_in_generate=True,
        )  # fmt: skip
    scores = out.scores[0][0]  # (vocab,) what it sampled the first token from
    assert torch.equal(scores.isfinite(), filters.p_sampled > 0)
    assert torch.allclose(scores.softmax(dim=-1).double(), filters.p_sampled, atol=1e-6)


def test_widget_data_are_the_exact_likeliest_logits_and_their_normalisers():
    w = sampling_widget
    data = w.data
    assert [e["text"] for e in data["prompts"]] == w.prompts and data["vocab"] == top5.z.numel()
    for entry in data["prompts"]:
        inputs = load.tokenizer(entry["text"], return_tensors="pt")
        with torch.no_grad():
            z_all = load.model(**inputs).logits[0, -1]
        z_top = _decoded(entry)
        assert len(z_top) == len(entry["labels"]) == data["N"]
        assert (z_top[:-1] >= z_top[1:]).all(), "largest first"
        assert torch.allclose(z_top, z_all.topk(data["N"]).values, atol=1e-4)
        assert z_top[-1] > z_all.topk(data["N"] + 1).values[-1] + 1e-6, "no tie at the edge"
        for T, log_Z in zip(data["temperatures"], entry["log_Z"], strict=True):
            assert abs(torch.logsumexp(z_all.double() / T, dim=0).item() - log_Z) < 1e-3 / T
    # the first prompt is the page's: its logits are z's, bit for bit
    assert torch.equal(_decoded(data["prompts"][0]), top5.z.topk(data["N"]).values)


def test_top_n_logits_give_the_whole_vocabularys_numbers():
    """top-k <= N, so nothing beyond the N likeliest can survive: the widget's numbers
    are exactly sample_distribution's over all tokens."""
    w = sampling_widget
    z_top, N = _decoded(w.data["prompts"][0]), w.data["N"]
    ids = top5.z.topk(N).indices
    for T, k, p in [(1.0, 50, 0.9), (0.3, N, 1.0), (2.0, N, 0.95), (1.5, 7, 0.5)]:
        whole = filters.sample_distribution(top5.z, T, k, p)
        assert whole[ids].sum().item() == pytest.approx(1, abs=1e-12)
        assert torch.allclose(whole[ids], filters.sample_distribution(z_top, T, k, p), atol=1e-12)


def test_survivors_grow_and_the_top_token_falls_as_temperature_rises():
    w = sampling_widget
    for entry in w.data["prompts"]:
        z_top = _decoded(entry)
        counts = [int((filters.sample_distribution(z_top, T, w.N, 0.9) > 0).sum()) for T in w.temperatures]
        assert counts == sorted(counts) and counts[0] < counts[-1]
        top = [
            math.exp(z_top[0].item() / T - log_Z)
            for T, log_Z in zip(w.temperatures, entry["log_Z"], strict=True)
        ]
        assert top == sorted(top, reverse=True)


def test_widget_data_fit_the_budget_and_its_figure_is_svg():
    w = sampling_widget
    assert len(gzip.compress(w.payload.encode())) <= 100 * 1024
    assert w.bundle["image/svg+xml"].lstrip().startswith(("<?xml", "<svg"))
    assert repr(w.SamplingWidget()) == w.bundle["text/plain"]
