"""Claims made by the snippets of docs/tokens.md (all-MiniLM-L6-v2 and a toy BPE)."""

import pytest
import torch

from snippets.tokens import (
    bpe_apply,
    bpe_train,
    contextual,
    load,
    lookup,
    one_hot,
    rare_words,
    real_table,
    sentence_heatmap,
    st_check,
    wordpiece,
)


def test_the_page_uses_the_packaged_minilm():
    cfg = load.model.config
    assert (cfg.num_hidden_layers, cfg.num_attention_heads, cfg.hidden_size) == (6, 12, 384)
    assert load.tokenizer.vocab_size == 30522


def test_wordpiece_adds_cls_and_sep_and_round_trips():
    assert wordpiece.tokens[0] == "[CLS]" and wordpiece.tokens[-1] == "[SEP]"
    assert wordpiece.ids[0] == load.tokenizer.cls_token_id
    assert wordpiece.tokenizer.decode(wordpiece.ids, skip_special_tokens=True) == (wordpiece.sentence.lower())


def test_rare_words_split_into_hash_pieces_and_common_ones_do_not():
    tok = rare_words.tokenizer
    assert tok.tokenize("cat") == ["cat"]
    pieces = tok.tokenize("antidisestablishmentarianism")
    assert len(pieces) > 3 and all(p.startswith("##") for p in pieces[1:])
    assert "".join(p.removeprefix("##") for p in pieces) == "antidisestablishmentarianism"


def test_bpe_merges_start_from_the_most_frequent_pair():
    # Count adjacent character pairs inside words: the first merge is the top pair.
    counts: dict[tuple[str, str], int] = {}
    for word in bpe_train.text.split():
        for a, b in zip(word, word[1:], strict=False):
            counts[a, b] = counts.get((a, b), 0) + 1
    assert counts[bpe_train.merges[0]] == max(counts.values())
    assert bpe_train.bpe.get_vocab_size() == 1 + len(bpe_train.alphabet) + len(bpe_train.merges)


def test_replaying_merges_reproduces_the_trained_tokenizer():
    for word in ["lowest", "slowest", "towers", "towering", "newer", "the"]:
        assert bpe_apply.apply_merges(word, bpe_train.merges) == bpe_train.bpe.encode(word).tokens
    assert bpe_apply.apply_merges("lowest", []) == list("lowest")


def test_embedding_lookup_equals_one_hot_times_matrix():
    E = lookup.embed.weight
    one_hot_ids = torch.nn.functional.one_hot(lookup.ids, lookup.vocab_size).float()
    assert torch.allclose(one_hot_ids @ E, lookup.X)
    assert lookup.X.shape == (1, 4, lookup.d_model)
    assert torch.equal(one_hot.e_3 @ one_hot.E_5, E[3:4].detach())


def test_real_lookup_gives_one_row_of_e_per_token():
    ids = real_table.batch["input_ids"][0]
    assert torch.equal(real_table.X[0], real_table.E[ids])
    assert real_table.E.shape == (30522, 384)


def test_bank_lookup_is_identical_but_contextual_vectors_separate_meanings():
    lookups = contextual.lookup
    assert all(torch.equal(lookups[0], v) for v in lookups)
    cos = contextual.cos.to_numpy()
    within = [cos[0, 1], cos[2, 3]]  # money-money, river-river
    across = [cos[i, j] for i in (0, 1) for j in (2, 3)]  # money-river
    assert min(within) > max(across)
    assert max(across) < 0.99  # really different vectors


def test_each_word_is_most_similar_to_its_partner():
    sim = sentence_heatmap.sim.clone()
    sim.fill_diagonal_(-1)
    partner = {0: 1, 1: 0, 2: 3, 3: 2, 4: 5, 5: 4}  # happy/sad, dog/cat, king/queen
    assert {i: int(sim[i].argmax()) for i in range(6)} == partner


def test_mean_pooling_matches_sentence_transformers():
    assert torch.allclose(st_check.sentence_vecs, st_check.reference, atol=1e-5)
    assert torch.allclose(sentence_heatmap.sentence_vecs.norm(dim=-1), torch.ones(6))


def test_dims_chart_bars_are_the_real_embedding_values():
    from snippets.tokens import dims_chart

    for ax, word in zip(dims_chart.axes, dims_chart.words, strict=True):
        row = dims_chart.E[dims_chart.tokenizer.convert_tokens_to_ids(word), : dims_chart.n_dims]
        heights = [bar.get_height() for bar in ax.patches]
        assert heights == pytest.approx(row.tolist())
