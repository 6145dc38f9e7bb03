"""Claims made by the snippets of docs/attention.md."""

import re
import subprocess
import sys
from pathlib import Path

import torch
import torch.nn.functional as F

from snippets.attention import (
    attention_fn,
    cross_attention,
    init_scale,
    lookup,
    masked_attention,
    masks,
    scaling,
    softmax,
    symmetric_scores,
    weighted_sum,
    worked_inputs,
)

ROOT = Path(__file__).resolve().parent.parent


def test_softmax_rows_sum_to_one():
    assert torch.allclose(softmax.A.sum(dim=-1), torch.ones(softmax.A.shape[0]))
    assert (softmax.A > 0).all()


def test_output_is_weights_times_values():
    assert torch.allclose(weighted_sum.Y, softmax.A @ weighted_sum.V)


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


def test_variance_argument_needs_zero_mean_entries():
    g = torch.Generator().manual_seed(0)
    for d_k in (4, 64, 512):
        q, k = torch.randn(10_000, d_k, generator=g), torch.randn(10_000, d_k, generator=g)
        assert abs((q * k).sum(-1).std() / d_k**0.5 - 1) < 0.1  # mean 0: spread sqrt(d_k)
        offset = ((q + 1) * (k + 1)).sum(-1).std() / d_k**0.5  # mean 1, variance 1
        assert offset > 1.5  # a mean of their own: scaling no longer gives spread 1


def test_bert_masking_chooses_15_percent_then_80_10_10():
    import inspect

    from transformers import DataCollatorForLanguageModeling

    # transformers' MLM collator implements BERT's recipe; its defaults are the page's
    parameters = inspect.signature(DataCollatorForLanguageModeling).parameters
    defaults = {name: p.default for name, p in parameters.items()}
    assert defaults["mlm_probability"] == 0.15
    assert defaults["mask_replace_prob"] == 0.8
    assert defaults["random_replace_prob"] == 0.1  # the last 10% stay unchanged


def test_soft_lookup_blends_while_hard_lookup_picks_one_shelf():
    assert lookup.hard.sum() == 1 and lookup.hard.max() == 1
    assert torch.isclose(lookup.soft.sum(), torch.tensor(1.0))
    assert (lookup.soft > 0).all(), "every shelf contributes to the soft answer"
    assert lookup.soft.argmax() == lookup.hard.argmax(), "best match weighs most"


def test_shared_query_key_matrix_gives_symmetric_scores():
    S, S2 = symmetric_scores.S_shared, symmetric_scores.S_separate
    assert torch.allclose(S, S.T)
    assert not torch.allclose(S2, S2.T)


MATRIX = re.compile(r"(?P<name>.+?) = \\begin\{bmatrix\}(?P<body>.*?)\\end\{bmatrix\}")


# Runs the worked example on its own, printing the Markdown of every display() call.
SHOW_MARKDOWN = """
import IPython.display
IPython.display.display = lambda *objs: [print(o._repr_markdown_()) for o in objs]
import snippets.attention.worked_output
"""


def printed_matrices() -> dict[str, torch.Tensor]:
    """Run the worked example on its own and parse every KaTeX matrix it displays."""
    out = subprocess.run(
        [sys.executable, "-c", SHOW_MARKDOWN],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found: dict[str, torch.Tensor] = {}
    for line in out.splitlines():
        if not line.startswith("$$"):
            continue
        for part in line.strip("$ ").split(r" ,\qquad "):
            m = MATRIX.fullmatch(part.strip())
            assert m, part
            rows = [[float(x) for x in r.split("&")] for r in m["body"].split(r"\\")]
            found[m["name"].strip()] = torch.tensor(rows)
    return found


def test_worked_example_prints_the_matrices_torch_computes():
    printed = printed_matrices()
    X = torch.tensor([[1, 0, 1, 0], [0, 1, 1, 1], [1, 1, 0, 1]], dtype=torch.float32)
    W_q, W_k, W_v = worked_inputs.W_q, worked_inputs.W_k, worked_inputs.W_v
    # every entry of the inputs is a small whole number, as the page promises
    for W in (W_q, W_k, W_v):
        assert W.shape == (4, 3) and (W == W.round()).all() and W.abs().max() <= 3
    Q, K, V = X @ W_q, X @ W_k, X @ W_v
    S = torch.einsum("id,jd->ij", Q, K)
    A = torch.softmax(S / torch.sqrt(torch.tensor(3.0)), dim=-1)
    Y = F.scaled_dot_product_attention(Q[None], K[None], V[None])[0]
    A_name = r"A = \operatorname{softmax}\!\left(\frac{S}{\sqrt{d_k}}\right)"
    expected = {
        "X": X,
        "W_q": W_q,
        "W_k": W_k,
        "W_v": W_v,
        "Q = XW_q": Q,
        "K = XW_k": K,
        "V = XW_v": V,
        r"S = QK^\top": S,
        r"\frac{S}{\sqrt{3}}": S / 3**0.5,
        A_name: A,
        "Y = AV": Y,
    }
    assert printed.keys() == expected.keys()
    for name, M in expected.items():
        assert printed[name].shape == M.shape, name
        # printed with two decimals: equal up to rounding
        assert torch.allclose(printed[name], M, atol=0.005 + 1e-6), name
    assert torch.allclose(printed[A_name].sum(-1), torch.ones(3), atol=0.02)


def test_causal_mask_is_lower_triangular():
    m = masks.causal_mask(5)
    assert m.dtype == torch.bool
    assert (m == torch.ones(5, 5, dtype=torch.bool).tril()).all()


def test_padding_mask_hides_keys_past_each_length():
    m = masks.padding_mask([4, 2], 4)
    assert m.shape == (2, 1, 4)
    assert m[0].all() and m[1, 0].tolist() == [True, True, False, False]


def test_masked_attention_matches_torch_and_gives_hidden_keys_zero_weight():
    assert torch.allclose(masked_attention.ours, masked_attention.theirs, atol=1e-6)
    w, mask = masked_attention.weights, masked_attention.mask
    assert (w[~mask] == 0).all()
    assert torch.allclose(w.sum(-1), torch.ones(2, masked_attention.n))
    assert (w[1, :, 3:] == 0).all(), "padding keys of sentence 1 are never attended"


def test_cross_attention_weights_are_n_queries_by_n_keys():
    assert cross_attention.weights.shape == (3, 5)
    assert cross_attention.Y.shape == (3, cross_attention.d_k)
    assert torch.allclose(cross_attention.weights.sum(-1), torch.ones(3))


def test_scores_are_query_key_dot_products():
    from snippets.attention import scores

    assert scores.scores.shape == (scores.n, scores.n)
    assert torch.allclose(scores.scores[1, 2], scores.Q[1] @ scores.K[2])


def test_bmatrix_prints_whole_numbers_as_integers_and_rounds_the_rest():
    from snippets.attention import tex

    latex = tex.bmatrix(torch.tensor([[1.0, 0.5], [2.0, 1 / 3]]))
    assert latex == r"\begin{bmatrix}1 & 0.50 \\ 2 & 0.33\end{bmatrix}"


def test_worked_modules_hold_the_matrices_the_page_prints():
    from snippets.attention import worked_inputs, worked_output, worked_qkv, worked_scores

    X = worked_inputs.X
    assert torch.equal(worked_qkv.Q, X @ worked_inputs.W_q)
    assert torch.equal(worked_qkv.V, X @ worked_inputs.W_v)
    assert torch.allclose(worked_scores.S, worked_qkv.Q @ worked_qkv.K.T)
    Y = F.scaled_dot_product_attention(worked_qkv.Q[None], worked_qkv.K[None], worked_qkv.V[None])[0]
    assert torch.allclose(worked_output.Y, Y, atol=1e-6)


def test_heatmap_shows_causal_weights_that_sum_to_one():
    from snippets.attention import heatmap

    assert torch.allclose(heatmap.A_causal.sum(dim=-1), torch.ones(len(heatmap.tokens)))
    assert (heatmap.A_causal.triu(diagonal=1) == 0).all()
    assert len(heatmap.ax.texts) == len(heatmap.tokens) ** 2  # every weight annotated


def test_mask_plots_hide_the_future_and_the_padding():
    from snippets.attention import mask_plots

    assert (mask_plots.encoder == mask_plots.SEEN).all()
    assert (mask_plots.decoder.triu(diagonal=1) == mask_plots.HIDDEN).all()
    assert (mask_plots.padding[:, 4:] == mask_plots.HIDDEN).all()
    assert mask_plots.bert_words.count("[MASK]") == 2


def test_zero_init_gives_uniform_attention_and_w_q_w_k_never_move():
    zero = init_scale.init.loc["zero"]
    assert zero["top weight"] == 1 / init_scale.n and abs(zero["entropy / log n"] - 1) < 1e-6
    assert zero["‖∂L/∂W_q‖"] == 0.0
    # ... and training cannot leave zero: a few steps of gradient descent
    X, W_v = init_scale.X, init_scale.W_v.clone().requires_grad_()
    W_q = torch.zeros_like(W_v, requires_grad=True)
    W_k = torch.zeros_like(W_v, requires_grad=True)
    for _ in range(5):
        out, _ = attention_fn.attention(X @ W_q, X @ W_k, X @ W_v)
        ((out - init_scale.target) ** 2).mean().backward()
        with torch.no_grad():
            for W in (W_q, W_k, W_v):
                W -= 0.5 * W.grad
                W.grad = None
    assert (W_q == 0).all() and (W_k == 0).all()
    assert not torch.allclose(W_v, init_scale.W_v)  # the values did learn


def test_near_zero_init_is_nearly_uniform_with_a_small_w_q_gradient():
    near, good = init_scale.init.loc["near 0"], init_scale.init.loc["1/√d_model"]
    assert near["entropy / log n"] > 0.99
    assert near["top weight"] < 1.1 / init_scale.n
    assert near["‖∂L/∂W_q‖"] < good["‖∂L/∂W_q‖"] / 10


def test_width_scaled_init_is_neither_even_nor_one_hot_and_gets_the_largest_gradient():
    init = init_scale.init
    good = init.loc["1/√d_model"]
    assert 2 / init_scale.n < good["top weight"] < 0.9
    assert 0.1 < good["entropy / log n"] < 0.99
    assert init["‖∂L/∂W_q‖"].idxmax() == "1/√d_model"
    assert init["‖∂L/∂scores‖"].idxmax() == "1/√d_model"


def test_too_large_init_saturates_softmax_and_starves_the_scores_of_gradient():
    large, good = init_scale.init.loc["too large"], init_scale.init.loc["1/√d_model"]
    assert large["top weight"] > 0.99 and large["entropy / log n"] < 0.01
    assert large["‖∂L/∂scores‖"] < good["‖∂L/∂scores‖"] / 10
    assert large["‖∂L/∂W_q‖"] < good["‖∂L/∂W_q‖"] / 3


def test_nn_linear_starts_uniform_within_one_over_sqrt_d_in():
    torch.manual_seed(0)
    d_in = 64
    W = torch.nn.Linear(d_in, 256).weight
    bound = 1 / d_in**0.5
    assert W.abs().max() <= bound and W.abs().max() > 0.99 * bound
    assert abs(W.std() - bound / 3**0.5) < 0.01  # the std of a uniform on ±bound


def test_walk_of_one_token_is_drawn_from_the_worked_example():
    from pytest import approx

    from snippets.attention import worked_inputs, worked_output, worked_scores, worked_walk

    i, fig = worked_walk.i, worked_walk.fig
    assert worked_inputs.tokens[i] == worked_walk.word == "cats"
    grid, scores, weights, mixed = fig.axes

    def labels(ax):
        return [t.get_text().strip() for t in ax.texts]

    # Bars and their labels are the scaled scores and the softmax weights of row i.
    assert [p.get_width() for p in scores.patches] == approx(worked_scores.S_scaled[i].tolist())
    assert labels(weights) == [f"{a:.2f}" for a in worked_scores.A[i].tolist()]
    assert sum(float(x) for x in labels(weights)) == approx(1, abs=0.011)
    # The last panel's bottom row is y_i, the first row of Y = AV printed above.
    y_row = [float(x) for x in labels(mixed)[-3:]]
    assert y_row == approx(worked_output.Y[i].tolist(), abs=0.005)
    # The first panel shows Q | K | V as they were computed.
    shown = torch.tensor(grid.images[0].get_array())
    assert torch.equal(shown, torch.cat([worked_walk.Q, worked_walk.K, worked_walk.V], dim=1))
