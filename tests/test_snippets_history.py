"""Claims made by the snippets of docs/history.md."""

import torch

from snippets.history import (
    bahdanau,
    bigram,
    encoder_decoder,
    gates,
    luong,
    mean_of_vectors,
    rnn_step,
    sum_of_vectors,
    table_size,
    vanishing,
    weighted_mean,
    word_vectors,
)


def test_bigram_probabilities_are_count_ratios_and_sum_to_one():
    for prev in bigram.vocab:
        probs = bigram.p_next(prev)
        if probs:
            assert abs(sum(probs.values()) - 1) < 1e-12
    the = bigram.tokens.count("the") - (bigram.tokens[-1] == "the")
    pairs = list(zip(bigram.tokens[:-1], bigram.tokens[1:], strict=True))
    assert bigram.p_next("the")["cat"] == pairs.count(("the", "cat")) / the
    assert "dog" not in bigram.p_next("a"), "an unseen pair gets probability 0"


def test_possible_contexts_are_v_to_the_n_minus_1_and_mostly_unseen():
    vocab_size, rows = bigram.vocab_size, {r["n"]: r for r in table_size.rows}
    ns = sorted(rows)
    assert [rows[n]["possible contexts |V|^(n-1)"] for n in ns] == [vocab_size ** (n - 1) for n in ns]
    seen_share = [rows[n]["contexts seen"] / vocab_size ** (n - 1) for n in ns]
    assert seen_share == sorted(seen_share, reverse=True), "ever sparser as n grows"
    assert seen_share[-1] < 0.01
    assert all(rows[n]["contexts seen"] < len(bigram.tokens) for n in ns)


def test_similar_words_have_similar_vectors():
    cos = torch.nn.functional.cosine_similarity
    v = {w: word_vectors.E[i] for w, i in word_vectors.index.items()}
    assert cos(v["good"], v["great"], dim=0) > 0.9
    assert cos(v["good"], v["bad"], dim=0) < 0
    assert word_vectors.embed("ada beat bob").shape == (3, word_vectors.E.shape[1])


def test_repeating_a_sentence_doubles_the_sum_but_not_the_mean():
    assert sum_of_vectors.doubled and sum_of_vectors.same_mean


def test_sum_mean_and_fixed_weighted_mean_ignore_word_order():
    embed = word_vectors.embed
    torch.manual_seed(0)
    for _ in range(5):
        words = ["ada", "beat", "bob", "the", "match"]
        shuffled = [words[i] for i in torch.randperm(len(words))]
        a, b = " ".join(words), " ".join(shuffled)
        assert torch.allclose(embed(a).sum(0), embed(b).sum(0))
        assert torch.allclose(embed(a).mean(0), embed(b).mean(0))
        assert torch.allclose(weighted_mean.weighted_mean(a), weighted_mean.weighted_mean(b))
    assert torch.allclose(mean_of_vectors.a_wins.mean(0), mean_of_vectors.b_wins.mean(0))


def test_rnn_loop_matches_nn_rnn_and_sees_order():
    with torch.no_grad():
        for s in ("ada beat bob", "the match was very good"):
            _, h_n = rnn_step.rnn(word_vectors.embed(s)[None])
            assert torch.allclose(rnn_step.read(s), h_n[0, 0], atol=1e-6)
    assert not torch.allclose(rnn_step.h_a, rnn_step.h_b)


def test_tanh_rnn_gradient_vanishes_with_distance():
    rnn = vanishing.norms["tanh RNN"].detach()
    assert (rnn[1:] < rnn[:-1]).all(), "strictly smaller at every extra step back"
    assert rnn[50] < 1e-8 * rnn[0]
    lstm = vanishing.norms["LSTM (default init)"].detach()
    assert lstm[50] < 1e-6 * lstm[0], "an LSTM with half-open gates forgets too"


def test_lstm_with_open_forget_gates_keeps_the_gradient():
    rnn = vanishing.norms["tanh RNN"].detach()
    lstm_open = vanishing.norms["LSTM, forget gate open"].detach()
    assert lstm_open[50] > 1e-2 * lstm_open[0]
    assert lstm_open[50] > 1e6 * rnn[50]
    # the page: it drops over the first ten steps back, then no further
    assert lstm_open[10] < 0.1 * lstm_open[0]
    assert lstm_open[10:].min() > 0.5 * lstm_open[10]


def test_gru_and_lstm_have_three_and_four_times_the_rnn_weights():
    assert gates.n_params["GRU"] == 3 * gates.n_params["RNN"]
    assert gates.n_params["LSTM"] == 4 * gates.n_params["RNN"]


def test_seq2seq_context_has_the_same_size_for_any_source_length():
    enc = encoder_decoder.encoder
    with torch.no_grad():
        for n in (1, 5, 80):
            X_enc, h_last = enc(torch.randn(1, n, enc.input_size))
            assert X_enc.shape == (1, n, enc.hidden_size)
            assert h_last.shape == (1, 1, enc.hidden_size)


def _softmax_by_hand(scores):
    e = [torch.exp(s) for s in scores]
    return torch.stack([x / sum(e) for x in e])


def test_bahdanau_weights_sum_to_one_and_match_hand_computation():
    b = bahdanau
    X_enc, q = encoder_decoder.X_enc, encoder_decoder.q_prev
    with torch.no_grad():
        scores = torch.stack(
            [
                sum(
                    b.W_3.weight[0, k]
                    * torch.tanh(
                        sum(b.W_1.weight[k, i] * h_j[i] + b.W_2.weight[k, i] * q[i] for i in range(len(q)))
                    )
                    for k in range(b.d_a)
                )
                for h_j in X_enc
            ]
        )
    assert torch.allclose(scores, b.scores, atol=1e-6)
    assert torch.allclose(_softmax_by_hand(scores), b.a, atol=1e-6)
    assert torch.isclose(b.a.sum(), torch.tensor(1.0))
    assert torch.allclose(b.y, sum(a * h for a, h in zip(b.a, X_enc, strict=True)))


def test_luong_weights_sum_to_one_and_match_hand_computation():
    lu = luong
    X_enc, q = encoder_decoder.X_enc, encoder_decoder.q_t
    W = lu.W.weight
    d_h = len(q)
    with torch.no_grad():
        pairs = [(a, c) for a in range(d_h) for c in range(d_h)]
        scores = torch.stack([sum(q[a] * W[a, c] * h_j[c] for a, c in pairs) for h_j in X_enc])
    assert torch.allclose(scores, lu.scores, atol=1e-6)
    assert torch.allclose(_softmax_by_hand(scores), lu.a, atol=1e-6)
    assert torch.isclose(lu.a.sum(), torch.tensor(1.0))
    assert torch.allclose(lu.dot_scores, torch.stack([q @ h for h in X_enc]))
