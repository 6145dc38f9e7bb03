"""Claims made by the snippets of docs/multi_head.md."""

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn
from transformers import AutoConfig, AutoModelForCausalLM

from snippets.multi_head import (
    gqa,
    gqa_equals_mha,
    heads_are_slices,
    kv_cache,
    match_torch,
    mha_module,
    shapes,
)

CONFIGS = Path(__file__).resolve().parent.parent / "snippets" / "model_configs"


def test_shape_walkthrough_splits_512_into_8_heads_of_64():
    assert (shapes.n, shapes.d_model, shapes.n_h, shapes.d_k) == (20, 512, 8, 64)
    assert shapes.Q_h.shape == (8, 20, 64)
    assert shapes.scores.shape == (8, 20, 20)
    assert shapes.heads.shape == (8, 20, 64)
    assert shapes.concat.shape == (20, 512) and shapes.out.shape == (20, 512)
    # concatenation puts head h back into columns h*64 .. h*64+63
    for h in range(8):
        assert torch.equal(shapes.concat[:, h * 64 : (h + 1) * 64], shapes.heads[h])


def test_each_head_is_attention_on_its_column_slice():
    assert torch.allclose(heads_are_slices.head3, shapes.heads[3], atol=1e-6)


def test_mha_module_shapes_and_parameter_count():
    assert mha_module.out.shape == (2, 20, 512)
    assert mha_module.weights.shape == (2, 8, 20, 20)
    assert torch.allclose(mha_module.weights.sum(-1), torch.ones(2, 8, 20), atol=1e-6)
    n_params = sum(p.numel() for p in mha_module.mha.parameters())
    assert n_params == 4 * (512 * 512 + 512)


def copy_into_torch(ours: mha_module.MultiHeadAttention) -> nn.MultiheadAttention:
    d_model = ours.W_q.in_features
    theirs = nn.MultiheadAttention(d_model, ours.n_h, batch_first=True)
    with torch.no_grad():
        theirs.in_proj_weight.copy_(torch.cat([ours.W_q.weight, ours.W_k.weight, ours.W_v.weight]))
        theirs.in_proj_bias.copy_(torch.cat([ours.W_q.bias, ours.W_k.bias, ours.W_v.bias]))
        theirs.out_proj.weight.copy_(ours.W_o.weight)
        theirs.out_proj.bias.copy_(ours.W_o.bias)
    return theirs


def test_snippet_shows_mha_matches_torch_multihead_attention():
    assert torch.allclose(match_torch.ours, match_torch.theirs, atol=1e-5)
    assert torch.allclose(match_torch.w_ours, match_torch.w_theirs, atol=1e-5)
    assert torch.allclose(match_torch.ours_c, match_torch.theirs_c, atol=1e-5)


@pytest.mark.parametrize("d_model,n_h", [(64, 4), (96, 12)])
def test_mha_matches_torch_multihead_attention(d_model, n_h):
    torch.manual_seed(d_model)
    ours = mha_module.MultiHeadAttention(d_model, n_h)
    theirs = copy_into_torch(ours)
    X = torch.randn(3, 11, d_model)
    causal = torch.ones(11, 11, dtype=torch.bool).tril()
    for ours_mask, torch_mask in ((None, None), (causal, ~causal)):
        out, w = ours(X, mask=ours_mask)
        ref, w_ref = theirs(X, X, X, attn_mask=torch_mask, average_attn_weights=False)
        assert torch.allclose(out, ref, atol=1e-5)
        assert torch.allclose(w, w_ref, atol=1e-5)


def test_gqa_with_all_kv_heads_is_mha():
    assert torch.allclose(gqa_equals_mha.out_mha, gqa_equals_mha.out_gqa, atol=1e-6)
    torch.manual_seed(3)
    mha = mha_module.MultiHeadAttention(64, 8)
    grouped = gqa.GroupedQueryAttention(64, n_h=8, n_kv=8)
    grouped.load_state_dict(mha.state_dict())
    X = torch.randn(2, 9, 64)
    causal = torch.ones(9, 9, dtype=torch.bool).tril()
    assert torch.allclose(mha(X, causal)[0], grouped(X, causal)[0], atol=1e-6)


@pytest.mark.parametrize("n_kv", [4, 2, 1])
def test_gqa_and_mqa_shapes(n_kv):
    torch.manual_seed(4)
    attn = gqa.GroupedQueryAttention(64, n_h=8, n_kv=n_kv)
    X = torch.randn(2, 9, 64)
    out, w = attn(X)
    assert out.shape == (2, 9, 64) and w.shape == (2, 8, 9, 9)
    assert attn.W_k.out_features == attn.W_v.out_features == n_kv * 8
    assert attn.split(attn.W_k(X), n_kv).shape == (2, n_kv, 9, 8)


def test_gqa_equals_mha_with_each_kv_head_copied_to_its_group():
    torch.manual_seed(5)
    grouped = gqa.GroupedQueryAttention(64, n_h=8, n_kv=2)
    mha = mha_module.MultiHeadAttention(64, 8)
    state = grouped.state_dict()
    for name in ("W_k", "W_v"):  # (2 * d_k, ...) -> (8 * d_k, ...), head order kept
        for kind in ("weight", "bias"):
            t = state[f"{name}.{kind}"]
            per_head = t.view(2, 8, *t.shape[1:])
            state[f"{name}.{kind}"] = per_head.repeat_interleave(4, dim=0).flatten(0, 1)
    mha.load_state_dict(state)
    X = torch.randn(2, 9, 64)
    assert torch.allclose(grouped(X)[0], mha(X)[0], atol=1e-6)


def test_kv_cache_table_matches_transformers_configs():
    table = kv_cache.table
    for name in ("smollm2-135m", "qwen3-0.6b", "llama-3-8b"):
        raw = json.loads((CONFIGS / f"{name}.json").read_text())
        config = AutoConfig.for_model(**{k: v for k, v in raw.items() if k[0] != "_"})
        head_dim = config.head_dim
        for kind, n_kv in (("GQA", config.num_key_value_heads), ("MHA", config.num_attention_heads)):
            row = table.loc[(name, kind)]
            assert row["layers"] == config.num_hidden_layers
            assert row["KV heads"] == n_kv and row["d_k"] == head_dim
            assert row["context window"] == config.max_position_embeddings
            for label, context in (("1k", 1024), ("8k", 8192), ("32k", 32768)):
                expected = 2 * config.num_hidden_layers * n_kv * head_dim * context * 2
                assert row[f"{label} tokens (MB)"] * 10**6 == expected


def test_at_32k_the_cache_outgrows_the_weights_of_the_small_models_only():
    table = kv_cache.table.xs("GQA", level="attention")
    weights, cache = table["weights as published (MB)"], table["32k tokens (MB)"]
    assert (cache > weights)[["smollm2-135m", "qwen3-0.6b"]].all()
    assert 0.2 < cache["llama-3-8b"] / weights["llama-3-8b"] < 0.3  # "about a quarter"
    raw = json.loads((CONFIGS / "llama-3-8b.json").read_text())
    config = AutoConfig.for_model(**{k: v for k, v in raw.items() if k[0] != "_"})
    with torch.device("meta"):
        n_params = AutoModelForCausalLM.from_config(config).num_parameters()
    assert n_params == 8_030_261_248 and weights["llama-3-8b"] == n_params * 2 / 10**6


def test_llama_3_8b_kv_cache_is_4_3_gb_at_32k_and_4x_smaller_than_mha():
    row = kv_cache.table.loc[("llama-3-8b", "GQA")]
    assert row["32k tokens (MB)"] * 10**6 == 2 * 32 * 8 * 128 * 32768 * 2  # 4.29 GB
    mha = kv_cache.table.loc[("llama-3-8b", "MHA")]
    assert mha["32k tokens (MB)"] == 4 * row["32k tokens (MB)"]


def test_head_heatmaps_draw_one_row_stochastic_map_per_head():
    from snippets.multi_head import head_heatmaps

    A = head_heatmaps.A
    assert A.shape == (1, 8, len(head_heatmaps.tokens), len(head_heatmaps.tokens))
    assert torch.allclose(A.sum(dim=-1), torch.ones(1, 8, len(head_heatmaps.tokens)))
    assert len(head_heatmaps.axes.flat) == 8


def test_split_concat_picture_draws_q_the_heads_and_w_o_parts_of_the_walkthrough():
    from snippets.multi_head import split_concat_plot as plot

    top, *middle, concat_ax, share_ax, _colorbar = plot.fig.axes
    assert len(middle) == shapes.n_h
    assert torch.equal(torch.as_tensor(top.images[0].get_array()), shapes.Q)
    for h, ax in enumerate(middle):  # each head's output, as attention computed it
        assert torch.equal(torch.as_tensor(ax.images[0].get_array()), shapes.heads[h])
    assert torch.equal(torch.as_tensor(concat_ax.images[0].get_array()), shapes.concat)
    # W_o's parts: one per head, summing to the output; the panel shows their sizes.
    assert torch.allclose(plot.parts.sum(0), shapes.out, atol=1e-5)
    assert torch.equal(torch.as_tensor(share_ax.images[0].get_array()), plot.share)
    assert plot.share.shape == (shapes.n, shapes.n_h)
    assert (plot.share.min(1).values / plot.share.max(1).values).min() > 0.1  # all heads mix
    # The boundaries between heads are at multiples of d_k.
    assert list(top.get_xticks()) == [h * shapes.d_k - 0.5 for h in range(shapes.n_h + 1)]


def test_kv_cache_picture_draws_the_tables_caches_growing_by_a_fixed_step_per_token():
    from snippets.multi_head import kv_cache_plot as plot

    gqa = kv_cache.table.xs("GQA", level="attention")
    mha = kv_cache.table.xs("MHA", level="attention")
    assert len(plot.axes) == len(gqa)
    for ax, name in zip(plot.axes, gqa.index, strict=True):
        without, published, dots, weights = ax.get_lines()
        # A straight line: the same bytes per token, from 0 to 32k tokens...
        steps = np.diff(published.get_ydata()) / np.diff(published.get_xdata())
        assert np.allclose(steps, steps[0]) and published.get_ydata()[0] == 0
        # ...through the table's printed sizes at 1k, 8k and 32k tokens (the dots)...
        labels = [f"{label} tokens (MB)" for label in kv_cache.contexts]
        assert list(dots.get_xdata()) == list(kv_cache.contexts.values())
        assert np.allclose(dots.get_ydata(), gqa.loc[name, labels].astype(float))
        assert published.get_xdata()[-1] == 32_768
        assert np.isclose(published.get_ydata()[-1], gqa.loc[name, "32k tokens (MB)"])
        # ...the same model without GQA, and the weights for scale.
        assert np.isclose(without.get_ydata()[-1], mha.loc[name, "32k tokens (MB)"])
        assert weights.get_ydata()[0] == gqa.loc[name, "weights as published (MB)"]
        assert f"+{steps[0] * 10**6 / 10**3:g} kB per token" in ax.get_title()
