"""Claims made by the snippets of docs/bugs.md: each bug shows its symptom, each fix not."""

import torch
import torch.nn.functional as F

from snippets.bugs import (
    causal,
    eval_mode,
    padding,
    reference,
    rope_cache,
    scale,
    softmax_dim,
    split_heads,
    tokenizer,
)


def test_reference_attention_matches_torch_with_and_without_causal_mask():
    Q, K, V, mask = reference.Q, reference.K, reference.V, reference.causal
    for m in (None, mask):
        ours, w = reference.attention(Q, K, V, m)
        assert torch.allclose(ours, F.scaled_dot_product_attention(Q, K, V, attn_mask=m), atol=1e-6)
        assert torch.allclose(w.sum(-1), torch.ones(w.shape[:-1]))


def test_scaling_by_sqrt_d_model_differs_from_torch_and_flattens_the_weights():
    Q, K, V = reference.Q, reference.K, reference.V
    wrong, w_wrong = scale.attention_scale_wrong(Q, K, V)
    fixed, w_fixed = reference.attention(Q, K, V)
    assert reference.d_model != reference.d_k
    assert (wrong - scale.reference).abs().max() > 0.1
    assert (fixed - scale.reference).abs().max() < 1e-5
    # dividing by a larger number flattens the weights: a lower top weight
    assert w_wrong.max(-1).values.mean() < w_fixed.max(-1).values.mean()


def test_softmax_over_queries_breaks_row_sums_and_differs_from_torch():
    Q, K, V = reference.Q, reference.K, reference.V
    wrong, w_wrong = softmax_dim.attention_softmax_wrong(Q, K, V)
    fixed, w_fixed = reference.attention(Q, K, V)
    assert not torch.allclose(w_wrong.sum(-1), torch.ones(w_wrong.shape[:-1]), atol=0.01)
    assert torch.allclose(w_wrong.sum(-2), torch.ones(w_wrong.shape[:-1]))  # columns do
    assert torch.allclose(w_fixed.sum(-1), torch.ones(w_fixed.shape[:-1]))
    assert (wrong - scale.reference).abs().max() > 0.1
    assert (fixed - scale.reference).abs().max() < 1e-5


def changed_positions(mask) -> list[int]:
    X, X2 = causal.X, causal.X_changed
    diff = (causal.self_attention(X, mask) - causal.self_attention(X2, mask)).abs()
    return (diff.amax(-1) > 1e-6).nonzero().flatten().tolist()


def test_wrong_or_missing_causal_mask_lets_a_later_token_change_earlier_outputs():
    last = causal.n - 1
    assert not torch.equal(causal.X[last], causal.X_changed[last])
    assert torch.equal(causal.X[:last], causal.X_changed[:last])  # only the last token
    assert changed_positions(None) == list(range(causal.n))
    assert changed_positions(causal.masks["wrong triangle triu()"]) == list(range(causal.n))
    assert changed_positions(causal.masks["fixed: tril()"]) == [last]


def test_view_without_transpose_mixes_positions_and_differs_from_torch_mha():
    sh = split_heads
    X = sh.X
    Q = X @ sh.W_q
    # the wrong split puts token 0's head-1 features in head 0 as if it were token 1
    assert torch.equal(sh.split_wrong(Q)[0, 0, 1], Q[0, 0, sh.d_k : 2 * sh.d_k])
    assert torch.equal(sh.split(Q)[0, 0, 1], Q[0, 1, : sh.d_k])
    with torch.no_grad():
        theirs, _ = sh.mha(X, X, X)
        wrong = sh.multi_head(X, sh.split_wrong, sh.merge_wrong)
        fixed = sh.multi_head(X, sh.split, sh.merge)
    assert (wrong - theirs).abs().max() > 0.1
    assert torch.allclose(fixed, theirs, atol=1e-5)


def test_missing_padding_mask_changes_the_real_tokens_and_the_mask_fixes_it():
    pad = padding
    assert (pad.batch["attention_mask"][0] == 0).any(), "the short sentence is padded"
    assert pad.n_real == int(pad.batch["attention_mask"][0].sum())
    assert (pad.h_wrong - pad.h_alone).abs().max() > 0.1
    assert torch.allclose(pad.h_fixed, pad.h_alone, atol=1e-5)


def test_rope_positions_not_offset_make_cached_and_uncached_decoding_disagree():
    rc = rope_cache
    uncached = rc.generate_uncached(rc.prompt)
    wrong = rc.generate_cached(rc.prompt, offset=False)
    fixed = rc.generate_cached(rc.prompt, offset=True)
    assert uncached == rc.uncached and len(uncached) == rc.n_new
    assert fixed == uncached
    first = next(i for i in range(rc.n_new) if wrong[i] != uncached[i])
    assert first > 0, "the prompt pass is the same; only cached steps go wrong"
    assert wrong[:first] == uncached[:first]


def test_rope_cache_bug_changes_the_logits_from_the_first_cached_step():
    rc = rope_cache
    ids = rc.prompt
    with torch.no_grad():
        full = rc.tiny(torch.cat([ids, torch.tensor([[7]])], dim=-1)).logits[0, -1]
        for offset in (False, True):
            cache = rc.DynamicCache(config=rc.config)
            rc.tiny(ids, past_key_values=cache)
            n = cache.get_seq_length()
            pos = torch.tensor([[n]]) if offset else torch.tensor([[0]])
            step = rc.tiny(torch.tensor([[7]]), position_ids=pos, past_key_values=cache)
            close = torch.allclose(step.logits[0, -1], full, atol=1e-5)
            assert close == offset


def test_dropout_in_training_mode_makes_two_calls_differ_and_eval_makes_them_equal():
    layer, X = eval_mode.layer, eval_mode.X
    assert eval_mode.layer.dropout.p > 0
    layer.train()
    with torch.no_grad():
        assert not torch.equal(layer(X), layer(X))
    layer.eval()
    with torch.no_grad():
        assert torch.equal(layer(X), layer(X))
    assert not eval_mode.model.training  # from_pretrained returns eval mode


def test_another_models_tokenizer_gives_valid_ids_that_decode_to_other_text():
    text, smol, vocab = tokenizer.text, tokenizer.smol_tokenizer, tokenizer.smol_config.vocab_size
    minilm_ids = tokenizer.tokenizer(text)["input_ids"]
    own_ids = smol(text)["input_ids"]
    assert max(minilm_ids) < vocab, "no IndexError: the mistake is silent"
    assert smol.decode(minilm_ids) != text
    assert not set(text.lower().split()) & set(smol.decode(minilm_ids).lower().split())
    assert smol.decode(own_ids) == text


def test_upper_triangle_above_the_diagonal_is_right_for_a_hidden_keys_mask():
    torch.manual_seed(0)
    n, d = 5, 8
    mha = torch.nn.MultiheadAttention(d, 1, bias=False, batch_first=True)
    X = torch.randn(1, n, d)
    ones = torch.ones(n, n, dtype=torch.bool)
    with torch.no_grad():
        theirs, _ = mha(X, X, X, attn_mask=ones.triu(diagonal=1))  # True = hidden
        causal_theirs, _ = mha(X, X, X, attn_mask=ones.tril().logical_not())
    assert torch.allclose(theirs, causal_theirs)


def test_view_without_transpose_is_only_wrong_with_several_heads():
    b, s, d_model = 2, 6, 32
    x = torch.randn(b, s, d_model)
    assert torch.equal(x.view(b, 1, s, d_model), x.view(b, s, 1, d_model).transpose(1, 2))
    assert not torch.equal(x.view(b, 4, s, 8), x.view(b, s, 4, 8).transpose(1, 2))


def test_with_one_head_dividing_by_sqrt_d_model_is_right_by_accident():
    torch.manual_seed(0)
    Q, K, V = torch.randn(3, 1, 6, reference.d_model).unbind(0)  # n_h = 1: d_k = d_model
    wrong, _ = scale.attention_scale_wrong(Q, K, V)
    assert torch.allclose(wrong, reference.attention(Q, K, V)[0])
    assert reference.d_model / reference.d_k == reference.n_h  # with n_h heads: sqrt(n_h) off


def test_generate_and_calls_without_position_ids_take_positions_from_the_cache():
    rc = rope_cache
    with torch.no_grad():
        out = rc.tiny.generate(
            rc.prompt, max_new_tokens=rc.n_new, do_sample=False, use_cache=True, pad_token_id=0
        )
        assert out[0, rc.prompt.shape[1] :].tolist() == rc.uncached
        cache, new, ids = rc.DynamicCache(config=rc.config), rc.prompt, []
        for _ in range(rc.n_new):
            new = rc.tiny(new, past_key_values=cache).logits[:, -1].argmax(-1, keepdim=True)
            ids.append(new.item())
    assert ids == rc.uncached


def test_every_minilm_id_fits_in_smollm2s_vocabulary():
    assert tokenizer.tokenizer.vocab_size < tokenizer.smol_config.vocab_size
    assert len(tokenizer.smol_tokenizer) == tokenizer.smol_config.vocab_size
