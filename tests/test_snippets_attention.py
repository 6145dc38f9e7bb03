"""Claims made by the snippets of docs/attention.md."""

import torch
import torch.nn.functional as F

from snippets.attention import attention_fn, scaling, softmax, weighted_sum


def test_softmax_rows_sum_to_one():
    assert torch.allclose(softmax.weights.sum(dim=-1), torch.ones(softmax.weights.shape[0]))
    assert (softmax.weights > 0).all()


def test_output_is_weights_times_values():
    assert torch.allclose(weighted_sum.out, softmax.weights @ weighted_sum.V)


def test_attention_matches_torch_sdpa_without_mask():
    torch.manual_seed(10)
    Q, K, V = torch.randn(3, 2, 7, 32).unbind(0)
    ours, w = attention_fn.attention(Q, K, V)
    theirs = F.scaled_dot_product_attention(Q, K, V)
    assert torch.allclose(ours, theirs, atol=1e-6)
    assert torch.allclose(w.sum(dim=-1), torch.ones(2, 7))


def test_attention_matches_torch_sdpa_with_causal_mask():
    torch.manual_seed(11)
    Q, K, V = torch.randn(3, 2, 7, 32).unbind(0)
    ours, w = attention_fn.attention(Q, K, V, causal=True)
    theirs = F.scaled_dot_product_attention(Q, K, V, is_causal=True)
    assert torch.allclose(ours, theirs, atol=1e-6)
    assert (w.triu(diagonal=1) == 0).all(), "no weight on future tokens"


def test_unscaled_scores_spread_like_sqrt_dk_and_saturate_softmax():
    for d_k in (4, 64, 512):
        raw, scaled = scaling.score_spread(d_k)
        assert abs(raw / d_k**0.5 - 1) < 0.1
        assert abs(scaled - 1) < 0.1
    unscaled = [scaling.top_weight(d, scale=False) for d in (4, 64, 512)]
    assert unscaled == sorted(unscaled) and unscaled[-1] > 0.9
    assert all(scaling.top_weight(d, scale=True) < 0.5 for d in (4, 64, 512))
