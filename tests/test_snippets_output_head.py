"""Claims made by the snippets of docs/output_head.md."""

import torch
import torch.nn.functional as F

from snippets.output_head import (
    cache_size,
    greedy,
    head,
    kv_cache,
    load,
    prefix,
    sampling,
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
    assert abs(top5.p.sum().item() - 1) < 1e-5
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
    uniform = torch.full((temperature.V,), 1 / temperature.V)
    assert (
        abs(temperature.entropy_bits(uniform) - torch.log2(torch.tensor(float(temperature.V))).item()) < 1e-3
    )


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
    assert cache_size.measured == cache_size.s * cache_size.per_position
    cfg = load.cfg
    assert cache_size.layer0.keys.shape == (1, cfg.num_key_value_heads, cache_size.s, cache_size.d_k)
