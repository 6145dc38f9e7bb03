"""Claims made by the snippets of docs/learning.md (two small models trained at import)."""

import math

import torch

from snippets.block.decoder_block import DecoderBlock as BlockChapterDecoderBlock
from snippets.learning import (
    accuracy,
    alignment,
    dates,
    decoder,
    greedy,
    head_scores,
    heatmaps,
    loss_curve,
    pieces,
    seq2seq,
    task,
    train_decoder,
    train_seq2seq,
)

# A head's score is the average weight it puts on one expected key. Above 0.5 that one
# key gets more weight than all the other keys the query may see (12 to 22 of them
# here) together; a head that spreads its weight evenly scores about 0.06 (induction)
# or 0.13 (previous token), as the untrained model does.
LEARNED = 0.5


def test_compact_block_computes_the_block_chapters_decoder_block():
    torch.manual_seed(0)
    theirs = BlockChapterDecoderBlock(d_model=64, n_h=4, n_kv=4, d_k=16, d_ff=176)
    ours = pieces.DecoderBlock(d_model=64, n_h=4, d_k=16, d_ff=176)
    with torch.no_grad():
        for p in theirs.parameters():
            p.normal_(0, 0.2)
    ours.load_state_dict(theirs.state_dict())  # same names, same shapes
    X = torch.randn(3, 9, 64)
    cos, sin = pieces.rope_cos_sin(9, 16)
    with torch.no_grad():
        assert torch.allclose(ours(X, cos, sin), theirs(X, cos, sin), atol=1e-6)


def test_attention_keeps_causal_weights_whose_rows_sum_to_1():
    W = pieces.block.attn.weights
    assert W.shape == (2, 4, 7, 7)
    assert torch.allclose(W.sum(-1), torch.ones(2, 4, 7))
    assert (W.triu(diagonal=1) == 0).all()


def test_task_repeats_distinct_letters_and_the_example_matches_the_diagram():
    gen = torch.Generator().manual_seed(5)
    for m in (6, 11, 16):
        ids = task.make_batch(50, m, gen)
        assert ids.shape == (50, 2 * m + 1) and (ids[:, 0] == task.BOS).all()
        assert torch.equal(ids[:, 1 : m + 1], ids[:, m + 1 :])
        assert all(len(set(row.tolist())) == m for row in ids[:, 1 : m + 1])
    shown = task.show(task.example)
    assert (shown[3], shown[4], shown[11], shown[12]) == ("d", "s", "d", "s")


def test_decoder_is_two_of_the_blocks():
    assert len(decoder.model.blocks) == 2
    assert all(isinstance(b, pieces.DecoderBlock) for b in decoder.model.blocks)


def test_loss_falls_slowly_past_two_guesses_then_drops_below_the_best_guess():
    losses = train_decoder.losses
    assert len(losses) == train_decoder.steps
    uniform, among_m, best = loss_curve.guesses.values()
    assert math.isclose(uniform, math.log(24)) and uniform > among_m > best
    # the best guess, brute force: the j-th repeat leaves m - j letters to pick from
    brute = [sum(math.log(m - j) for j in range(1, m)) / (m - 1) for m in range(6, 17)]
    assert math.isclose(best, sum(brute) / len(brute))
    mean10 = loss_curve.mean10
    assert mean10[0] > among_m  # starts at about the uniform guess
    first_below_m = next(i for i, m in enumerate(mean10) if m < among_m)
    assert first_below_m >= 5  # a slow fall: not in the first 50 steps
    assert loss_curve.beats_guess >= 100  # "about a hundred steps"
    assert all(m >= best for m in mean10[: loss_curve.beats_guess // 10])
    assert loss_curve.below_01 - loss_curve.beats_guess <= 50  # "a few dozen steps"
    assert sum(losses[-50:]) / 50 < best / 100  # orders of magnitude below any guess
    assert loss_curve.fig is not None


def _training_sequences():
    gen = torch.Generator().manual_seed(1)  # replays the training loop's draws
    seen = set()
    for _ in range(train_decoder.steps):
        m = int(torch.randint(6, 17, (1,), generator=gen))
        seen.update(tuple(r) for r in task.make_batch(train_decoder.batch, m, gen).tolist())
    return seen


def test_held_out_sequences_were_never_trained_on():
    seen = _training_sequences()
    gen = torch.Generator().manual_seed(1234)  # replays accuracy.py's draws
    for m in (6, 11, 16):
        for _ in range(2):  # untrained, then trained
            held_out = task.make_batch(500, m, gen).tolist()
            assert not seen.intersection(map(tuple, held_out))


def test_trained_decoder_is_almost_always_right_and_untrained_at_chance():
    table = accuracy.held_out
    assert (table["trained"] >= 0.95).all()
    assert table["untrained"].between(0.5 / 24, 2 / 24).all()


def test_layer_1_learns_induction_heads():
    trained, untrained = head_scores.scores["trained"], head_scores.scores["untrained"]
    assert (trained.loc[1, "induction"] > LEARNED).all()  # every head of layer 1
    assert (untrained["induction"] < 0.1).all()


def test_layer_0_learns_previous_token_heads():
    trained, untrained = head_scores.scores["trained"], head_scores.scores["untrained"]
    assert (trained.loc[0, "previous token"] > LEARNED).sum() >= 2
    assert (untrained["previous token"] < 0.2).all()
    # the page: every head of layer 0 more than any untrained head, a fifth to 2/3
    previous = trained.loc[0, "previous token"]
    assert previous.min() > untrained["previous token"].max()
    assert previous.min() >= 0.2 and previous.max() < 2 / 3
    assert (trained.loc[1, "induction"] > 0.85).all()  # "more than 0.85"


def test_untrained_ks_spread_their_weight_evenly():
    m = head_scores.m
    i = torch.arange(1, 2 * m)
    second = torch.arange(m + 1, 2 * m)
    uniform_prev = (1 / (i + 1)).mean().item()  # query i sees i + 1 keys
    uniform_ind = (1 / (second + 1)).mean().item()
    untrained = head_scores.scores["untrained"]
    assert (untrained["previous token"] - uniform_prev).abs().max() < 0.03
    assert (untrained["induction"] - uniform_ind).abs().max() < 0.03


def test_heatmaps_show_the_best_heads_hitting_their_targets_after_training():
    assert heatmaps.h0 == head_scores.scores["trained", "previous token"].loc[0].idxmax()
    assert heatmaps.h1 == head_scores.scores["trained", "induction"].loc[1].idxmax()
    ids, m = heatmaps.ids, heatmaps.m
    for net, learned in ((decoder.untrained, False), (decoder.model, True)):
        with torch.no_grad():
            net(ids)
        for layer, head in ((0, heatmaps.h0), (1, heatmaps.h1)):
            rows, cols = heatmaps.expected[layer]
            hit = net.blocks[layer].attn.weights[0, head, rows, cols].mean().item()
            assert (hit > LEARNED) == learned
            if learned:  # the page: the largest weight of every row is on the circle
                A = net.blocks[layer].attn.weights[0, head]
                assert torch.equal(A[rows].argmax(dim=-1), cols)
    assert m == task.m


def test_no_held_out_date_is_trained_on_and_both_word_orders_are_used():
    assert not set(dates.train_dates) & set(dates.test_dates)
    assert set(dates.test_styles) == {0, 1} and set(dates.train_styles) == {0, 1}
    assert dates.src_train.shape == (20000, 7) and dates.tgt_test.shape == (1000, 12)


def test_words_of_a_date_are_spelled_right():
    import datetime

    words = dates.in_words(datetime.date(2026, 11, 23), 0)
    assert words == ["twenty-third", "of", "November", "2", "0", "2", "6"]
    assert [dates.ordinal(d) for d in (1, 12, 20, 21, 30, 31)] == [
        "first",
        "twelfth",
        "twentieth",
        "twenty-first",
        "thirtieth",
        "thirty-first",
    ]


def test_encoder_sees_everything_and_decoder_is_causal_with_cross_attention():
    t = seq2seq.translator
    assert all(not b.attn.causal for b in t.encoder)
    assert all(b.attn.causal and not b.cross.causal for b in t.decoder)
    W = t.decoder[0].cross.weights
    assert W.shape[-1] == 7  # one column per input word


def test_teacher_forcing_loss_falls_to_near_zero():
    losses = train_seq2seq.seq2seq_losses
    assert losses[0] > 1 and max(losses[-50:]) < 0.01


def test_greedy_decoding_translates_held_out_dates_exactly():
    exact = greedy.exact
    assert exact.float().mean() >= 0.99
    style = torch.tensor(dates.test_styles)
    for order in (0, 1):
        assert exact[style == order].float().mean() >= 0.99
    table = greedy.examples
    assert (table["model"] == table["correct"]).all()
    assert len(table) == 6


def test_greedy_decoding_equals_a_teacher_forced_pass_on_its_own_output():
    out = greedy.out[:20]
    with torch.no_grad():
        logits = seq2seq.translator(dates.src_test[:20], out[:, :-1])
    assert torch.equal(logits.argmax(-1), out[:, 1:])


def test_month_digits_align_with_the_month_word_and_day_digits_with_the_day_word():
    table = alignment.alignment
    for slot in ("month, 1st digit", "month, 2nd digit"):
        assert table.loc[slot, "month word gets most"] >= 0.95
        assert table.loc[slot, "weight on month word"] > 2 / 7  # twice a uniform share
    for slot in ("day, 1st digit", "day, 2nd digit"):
        assert table.loc[slot, "day word gets most"] >= 0.95
        assert table.loc[slot, "weight on day word"] > 2 / 7


def test_alignment_heatmaps_month_rows_peak_on_the_month_word_and_years_on_years():
    A = alignment.A
    for style, month_at in ((0, 2), (1, 0)):
        i = dates.test_styles.index(style)
        assert A[i, 5:7].argmax(-1).tolist() == [month_at, month_at]
        year_rows_on_year = (A[i, 0:4].argmax(-1) >= 3).sum().item()
        assert year_rows_on_year >= 3  # "most year digits"
