"""Claims made by the snippets of docs/positions.md."""

import json
import math
from pathlib import Path

import pytest
import torch
from transformers import LlamaConfig, Qwen3Config
from transformers.models.llama.modeling_llama import (
    LlamaRotaryEmbedding,
    apply_rotary_pos_emb,
)
from transformers.models.qwen3.modeling_qwen3 import Qwen3RotaryEmbedding
from transformers.models.qwen3.modeling_qwen3 import apply_rotary_pos_emb as qwen3_apply

import snippets
from snippets.positions import (
    learned,
    learned_cost,
    permutation,
    rope,
    rope_relative,
    rope_vs_hf,
    sinusoidal,
    sinusoidal_shift,
)


def test_attention_without_positions_is_permutation_equivariant():
    X = permutation.X
    for seed in range(5):
        perm = torch.randperm(X.shape[0], generator=torch.Generator().manual_seed(seed))
        out = permutation.self_attention(X)
        assert torch.allclose(permutation.self_attention(X[perm]), out[perm], atol=1e-6)
    # the same word gets the same output vector in "dog bites man" and "man bites dog"
    assert torch.allclose(permutation.out1[0], permutation.out2[2], atol=1e-6)


def test_sinusoidal_matches_the_2017_formula():
    n, d_model = 50, 16
    PE = sinusoidal.sinusoidal(n, d_model)
    for i in (0, 7, 49):
        for r in range(d_model // 2):
            angle = i / 10000 ** (2 * r / d_model)
            assert PE[i, 2 * r].item() == pytest.approx(math.sin(angle), abs=1e-5)
            assert PE[i, 2 * r + 1].item() == pytest.approx(math.cos(angle), abs=1e-5)


def test_adding_sinusoidal_positions_breaks_permutation_equivariance():
    X, perm, PE = permutation.X, permutation.perm, sinusoidal.PE
    shuffled = permutation.self_attention(X[perm] + PE)
    assert not torch.allclose(shuffled, permutation.self_attention(X + PE)[perm], atol=1e-3)


def test_sinusoidal_shift_is_one_rotation_for_every_position():
    PE, R, offset = sinusoidal_shift.PE_20, sinusoidal_shift.R_offset, sinusoidal_shift.offset
    assert torch.allclose(PE[offset:], PE[:-offset] @ R.T, atol=1e-5)
    assert torch.allclose(R @ R.T, torch.eye(R.shape[0]), atol=1e-6)
    dots = torch.stack([PE[i] @ PE[i + offset] for i in range(len(PE) - offset)])
    assert torch.allclose(dots, dots[0].expand_as(dots), atol=1e-5)


def test_learned_positions_have_a_row_per_position_and_a_hard_limit():
    emb = learned.pos_embedding
    assert emb.weight.shape == (learned.max_len, learned.d_model)
    assert torch.equal(learned.X_pos, learned.X + emb.weight[: learned.X.shape[0]])
    with pytest.raises(IndexError):
        emb(torch.tensor([learned.max_len]))


def test_learned_table_cost_is_max_len_times_d_model():
    table = learned_cost.table
    gpt2 = table[table["model"] == "GPT-2 (small)"].iloc[0]
    assert (gpt2["max_len"], gpt2["d_model"]) == (1024, 768)
    assert gpt2["params"] == 124_439_808  # GPT-2 small's published count
    assert len(table) == 4
    for _, row in table.iterrows():
        n_params = int(row["table: max_len × d_model"].split()[0].replace(",", ""))
        assert n_params == row["max_len"] * row["d_model"]
        share = float(row["table / model"].rstrip("%")) / 100
        assert share == pytest.approx(n_params / row["params"], abs=5e-4)
        assert share < 0.1  # "a few percent of the model at most"
    assert (table["positions"] == "RoPE (no table)").sum() == 3


def test_rope_is_the_row_vector_rotation_on_the_right_and_scores_see_i_minus_j():
    """The page's formulas: x' = x R_i, and (q R_i)(k R_j)^T = q R_(i-j) k^T."""
    d_k, base = 8, 10000.0
    theta = 1 / base ** (torch.arange(0, d_k, 2).double() / d_k)

    def R(i):
        """Block-diagonal rotation by i * theta_r, acting on a row from the right."""
        out = torch.zeros(d_k, d_k, dtype=torch.float64)
        for r, theta_r in enumerate(theta):
            c, s = torch.cos(i * theta_r), torch.sin(i * theta_r)
            out[2 * r : 2 * r + 2, 2 * r : 2 * r + 2] = torch.stack(
                [torch.stack([c, s]), torch.stack([-s, c])]
            )
        return out

    q, k = rope_relative.q.double(), rope_relative.k.double()  # the page's q and k
    assert q.shape == (1, d_k) == (1, rope_relative.d_k)
    for i in (0, 1, 5, 37):
        assert torch.allclose(rope.rope(q.float(), torch.tensor([i])).double(), q @ R(i), atol=1e-5)
    for i, j in [(2, 0), (5, 3), (3, 0), (13, 10)]:
        via_offset = (q @ R(i - j) @ k.T).item()
        assert rope_relative.score(i, j) == pytest.approx(via_offset, abs=1e-4)
        assert (q @ R(i) @ R(j).T @ k.T).item() == pytest.approx(via_offset, abs=1e-9)
        # the other sign would be a different score: the printed column is i - j
        assert (q @ R(j - i) @ k.T).item() != pytest.approx(via_offset, abs=1e-3)


def test_rope_is_a_rotation_that_leaves_position_zero_alone():
    x = torch.randn(9, 12, generator=torch.Generator().manual_seed(0))
    out = rope.rope(x, torch.arange(9))
    assert torch.allclose(out[0], x[0])
    assert torch.allclose(out.norm(dim=-1), x.norm(dim=-1), atol=1e-5)
    assert not torch.allclose(out[1:], x[1:], atol=1e-3)


@pytest.mark.parametrize("m,n", [(0, 0), (3, 1), (10, 17), (40, 2)])
def test_rope_score_depends_only_on_relative_offset(m, n):
    base = rope_relative.score(m, n)
    for t in (1, 5, 100, 777):
        assert rope_relative.score(m + t, n + t) == pytest.approx(base, abs=1e-4)


def test_rope_scores_change_with_the_offset():
    assert rope_relative.score(2, 0) != pytest.approx(rope_relative.score(3, 0), abs=1e-3)


def test_rope_matches_transformers_llama_up_to_feature_order():
    assert torch.allclose(rope_vs_hf.Q_ours, rope_vs_hf.Q_hf[..., rope_vs_hf.to_pairs], atol=1e-6)
    assert torch.allclose(rope_vs_hf.K_ours, rope_vs_hf.K_hf[..., rope_vs_hf.to_pairs], atol=1e-6)
    assert torch.allclose(rope_vs_hf.scores_ours, rope_vs_hf.scores_hf, atol=1e-5)


def test_rope_matches_transformers_for_a_qwen3_sized_head_and_long_positions():
    # head_dim 128 and rope_theta 1e6 as in Qwen3-0.6B, positions far from zero
    d_k, theta = 128, 1_000_000.0
    config = LlamaConfig(
        hidden_size=2 * d_k,
        num_attention_heads=2,
        head_dim=d_k,
        rope_parameters={"rope_type": "default", "rope_theta": theta},
    )
    g = torch.Generator().manual_seed(5)
    Q = torch.randn(1, 2, 6, d_k, generator=g)
    K = torch.randn(1, 2, 6, d_k, generator=g)
    positions = torch.tensor([0, 1, 2, 100, 1000, 4000])
    cos, sin = LlamaRotaryEmbedding(config)(Q, positions[None])
    Q_hf, K_hf = apply_rotary_pos_emb(Q, K, cos, sin)
    half = torch.arange(d_k // 2)
    to_pairs = torch.stack([half, half + d_k // 2], dim=-1).flatten()
    Q_ours = rope.rope(Q[..., to_pairs], positions, theta)
    K_ours = rope.rope(K[..., to_pairs], positions, theta)
    assert torch.allclose(Q_ours, Q_hf[..., to_pairs], atol=1e-5)
    assert torch.allclose(K_ours, K_hf[..., to_pairs], atol=1e-5)


def test_rope_matches_transformers_qwen3_rotary_from_the_shipped_config():
    path = Path(snippets.__file__).parent / "model_configs" / "qwen3-0.6b.json"
    cfg = json.loads(path.read_text())
    config = Qwen3Config(
        hidden_size=cfg["hidden_size"],
        num_attention_heads=cfg["num_attention_heads"],
        num_key_value_heads=cfg["num_key_value_heads"],
        head_dim=cfg["head_dim"],
        rope_parameters={"rope_type": "default", "rope_theta": float(cfg["rope_theta"])},
    )
    d_k = cfg["head_dim"]
    g = torch.Generator().manual_seed(6)
    Q = torch.randn(1, 1, 5, d_k, generator=g)
    K = torch.randn(1, 1, 5, d_k, generator=g)
    positions = torch.tensor([0, 3, 17, 500, 2048])
    cos, sin = Qwen3RotaryEmbedding(config)(Q, positions[None])
    Q_hf, K_hf = qwen3_apply(Q, K, cos, sin)
    half = torch.arange(d_k // 2)
    to_pairs = torch.stack([half, half + d_k // 2], dim=-1).flatten()
    theta = float(cfg["rope_theta"])
    assert torch.allclose(rope.rope(Q[..., to_pairs], positions, theta), Q_hf[..., to_pairs], atol=1e-5)
    assert torch.allclose(rope.rope(K[..., to_pairs], positions, theta), K_hf[..., to_pairs], atol=1e-5)


def test_sinusoidal_heatmap_shows_values_in_minus_one_to_one():
    from snippets.positions import sinusoidal_heatmap

    PE = sinusoidal_heatmap.PE_big
    assert PE.shape == (64, 64)
    assert PE.abs().max() <= 1.0
    assert torch.allclose(PE[:, 0], torch.sin(torch.arange(64.0)))  # feature 0: sin(pos)


def test_rope_figure_keeps_every_pair_on_the_unit_circle():
    from snippets.positions import rope_figure

    pairs = rope_figure.q_at.reshape(len(rope_figure.positions), -1, 2)
    assert torch.allclose(pairs.norm(dim=-1), torch.ones(pairs.shape[:2]), atol=1e-6)


def test_reordering_the_columns_of_W_q_and_W_k_converts_between_rope_layouts():
    n_h, n, d_k, d_model = 2, 7, 16, 24
    config = LlamaConfig(hidden_size=n_h * d_k, num_attention_heads=n_h, head_dim=d_k)
    g = torch.Generator().manual_seed(5)
    X = torch.randn(n, d_model, generator=g)
    W_q = torch.randn(d_model, n_h * d_k, generator=g)  # xW: one column per feature
    W_k = torch.randn(d_model, n_h * d_k, generator=g)

    def heads(M):  # (n, n_h * d_k) -> (1, n_h, n, d_k)
        return M.view(n, n_h, d_k).transpose(0, 1)[None]

    # A checkpoint trained for HF's "rotate_half" layout ...
    cos, sin = LlamaRotaryEmbedding(config)(X, torch.arange(n)[None])
    Q_hf, K_hf = apply_rotary_pos_emb(heads(X @ W_q), heads(X @ W_k), cos, sin)
    # ... reordered column by column inside each head, runs the paper's layout.
    half = torch.arange(d_k // 2)
    to_pairs = torch.stack([half, half + d_k // 2], dim=-1).flatten()
    columns = torch.cat([h * d_k + to_pairs for h in range(n_h)])
    Q = rope.rope(heads(X @ W_q[:, columns]), torch.arange(n))
    K = rope.rope(heads(X @ W_k[:, columns]), torch.arange(n))
    scores, scores_hf = Q @ K.transpose(-2, -1), Q_hf @ K_hf.transpose(-2, -1)
    assert torch.allclose(scores, scores_hf, atol=1e-3, rtol=1e-4)
    # reordering the rows of W_q instead changes the queries, not their layout
    rows = torch.randperm(d_model, generator=g)
    Q_rows = rope.rope(heads(X @ W_q[rows][:, columns]), torch.arange(n))
    assert not torch.allclose(Q_rows @ K.transpose(-2, -1), scores_hf, atol=1e-1)


def test_rope_figure_numbers_its_dots_by_position_where_they_stand():
    from snippets.positions import rope_figure

    for i, ax in enumerate(rope_figure.axes):
        pair = rope_figure.q_at[:, 2 * i : 2 * i + 2]  # (positions, 2)
        numbers = [int(t.get_text()) for t in ax.texts]
        assert numbers[0] == 0
        for text in ax.texts:  # each number sits just outside its own dot
            p = int(text.get_text())
            assert torch.allclose(torch.tensor(text.xy), pair[p]), (i, p)
    assert len(rope_figure.axes[0].texts) == len(rope_figure.positions)  # pair 0: all 16
