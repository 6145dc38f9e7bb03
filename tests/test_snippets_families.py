"""Claims made by the snippets of docs/families.md."""

import torch

from snippets.families import (
    decoder_causal,
    decoder_generate,
    embeddings,
    encoder_attention,
    encoder_heads,
    family_table,
    load,
    masks,
    t5_cross,
    t5_structure,
)


def test_masks_full_causal_and_encoder_decoder_blocks():
    assert masks.full_mask(4, 4).all()
    C = masks.causal_mask(5)
    assert C.diagonal().all() and C[4].all(), "the last token sees everything"
    assert not C.triu(diagonal=1).any(), "no token sees a later one"
    M = masks.encoder_decoder_mask(3, 4)
    assert M[:3, :3].all(), "encoder self-attention is full"
    assert not M[:3, 3:].any(), "the encoder never sees the target"
    assert M[3:, :3].all(), "cross-attention is full"
    assert torch.equal(M[3:, 3:], masks.causal_mask(4)), "decoder self is causal"


def test_family_table_sorts_known_models():
    t = family_table.table
    fam = t["family"].to_dict()
    assert fam["bert-base-uncased"] == "encoder-only"
    assert fam["distilbert-base-uncased"] == "encoder-only"
    assert fam["gpt2"] == "decoder-only"
    assert fam["smollm2-135m"] == "decoder-only"
    assert fam["qwen3-0.6b"] == "decoder-only"
    assert fam["t5-small"] == "encoder-decoder"


def test_real_encoder_has_6_layers_of_12_heads_and_rows_sum_to_one():
    assert load.encoder.config.num_hidden_layers == 6
    n = len(encoder_attention.tokens)
    assert encoder_attention.A.shape == (6, 12, n, n)
    A = encoder_attention.A
    assert torch.allclose(A.sum(-1), torch.ones(A.shape[:-1]), atol=1e-5)


def test_encoder_attends_to_later_tokens():
    assert encoder_attention.ahead.mean() > 0.1
    assert encoder_attention.A.triu(diagonal=1).max() > 0.5


def test_head_picks_are_the_best_scoring_heads():
    for habit, layer, head in encoder_heads.picks[:3]:
        score = encoder_heads.habits[habit]
        assert score[layer, head] == score.max()
    # the previous-token champion really is one: most of its weight is on i-1
    assert encoder_heads.habits["previous token"].max() > 0.5


def test_similar_sentences_have_higher_cosine_similarity():
    S = embeddings.similarity
    assert torch.allclose(S.diagonal(), torch.ones(4), atol=1e-5)
    assert S[0, 1] > S[0, 2] and S[0, 1] > S[0, 3]
    assert S[2, 3] > S[2, 0] and S[2, 3] > S[2, 1]


def test_paraphrases_score_far_above_unrelated_pairs_but_short_of_one():
    S = embeddings.similarity
    same = torch.stack([S[0, 1], S[2, 3]])  # same subject, other words
    mixed = S[:2, 2:]  # a cat sentence against a market sentence
    assert (same > 0.5).all() and (same < 0.9).all()  # similar, not the same direction
    assert same.min() > mixed.max() + 0.4  # far above every mixed pair
    assert mixed.abs().max() < 0.1  # unrelated: nearly at right angles


def test_mean_pooling_matches_sentence_transformers():
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2", device="cpu")
    ref = st.encode(embeddings.sentences, convert_to_tensor=True, normalize_embeddings=True)
    assert torch.allclose(embeddings.sentence_vecs, ref.cpu(), atol=1e-4)


def test_real_decoder_is_causal_in_every_layer_and_head():
    A = decoder_causal.A_dec
    assert A.shape[:2] == (30, 9)
    assert A.triu(diagonal=1).max().item() == 0.0
    assert torch.allclose(A.sum(-1), torch.ones(A.shape[:-1]), atol=1e-5)


def test_greedy_generation_is_deterministic_and_extends_prompt():
    a, b = decoder_generate.runs
    assert torch.equal(a, b)
    n_prompt = decoder_generate.n_prompt
    assert torch.equal(a[0, :n_prompt], decoder_causal.batch["input_ids"][0])
    assert a.shape[1] <= n_prompt + decoder_generate.n_new


def test_t5_small_has_cross_attention_only_in_decoder():
    names = [n for n, _ in t5_structure.t5.named_modules()]
    cross = [n for n in names if n.endswith("EncDecAttention")]
    assert len(cross) == t5_structure.t5_config.num_decoder_layers == 6
    assert all(n.startswith("decoder.") for n in cross)
    assert len(t5_structure.t5.encoder.block) == 6


def test_t5_cross_attention_shape_is_batch_heads_target_source():
    out = t5_cross.out
    assert len(out.cross_attentions) == 2
    for w in out.cross_attentions:
        assert w.shape == (1, 4, 4, 6)
        assert torch.allclose(w.sum(-1), torch.ones(1, 4, 4), atol=1e-5)
    assert torch.equal(t5_cross.seen["k_in"], out.encoder_last_hidden_state)
    assert (out.decoder_attentions[0].triu(diagonal=1) == 0).all()


def test_masks_plot_draws_the_three_masks_it_names():
    from snippets.families import masks, masks_plot

    drawn = [ax.images[0].get_array() for ax in masks_plot.axes]
    assert (drawn[0] == masks.full_mask(4, 4).numpy()).all()
    assert (drawn[1] == masks.causal_mask(4).numpy()).all()
    assert (drawn[2] == masks.encoder_decoder_mask(3, 3).numpy()).all()
