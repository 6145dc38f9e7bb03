"""Claims made by the snippets of docs/block.md."""

import torch
import torch.nn.functional as F
from torch import nn
from transformers import LlamaConfig
from transformers.models.llama.modeling_llama import (
    LlamaDecoderLayer,
    LlamaMLP,
    LlamaRMSNorm,
    LlamaRotaryEmbedding,
)

from snippets.block import (
    attention,
    collapse,
    decoder_block,
    ffn_sizes,
    jacobians,
    mlp,
    nomenclature,
    norms,
    pre_post,
    residual,
    swiglu,
    vs_llama,
)


def test_mlp_expands_to_4_d_model_and_contracts_back():
    m = mlp.mlp
    assert m.W_up.weight.shape == (4 * mlp.d_model, mlp.d_model)
    assert m.W_down.weight.shape == (mlp.d_model, 4 * mlp.d_model)
    assert m(mlp.X).shape == mlp.X.shape


def test_mlp_is_position_wise():
    out = mlp.mlp(mlp.X)
    for i in range(mlp.X.shape[0]):
        assert torch.allclose(out[i], mlp.mlp(mlp.X[i : i + 1])[0], atol=1e-6)


def test_two_linear_layers_collapse_into_one_matrix():
    assert collapse.M.shape == (mlp.d_model, mlp.d_model)
    assert torch.allclose(collapse.two_layers, mlp.X @ collapse.M, atol=1e-6)
    a, b = collapse.a, collapse.b
    assert torch.allclose(collapse.linear(a + b), collapse.linear(a) + collapse.linear(b), atol=1e-6)


def test_relu_makes_the_mlp_non_linear():
    a, b = collapse.a, collapse.b
    lhs, rhs = collapse.with_relu(a + b), collapse.with_relu(a) + collapse.with_relu(b)
    assert (lhs - rhs).abs().max() > 1e-2


def test_swiglu_matches_transformers_llama_mlp():
    s = swiglu.swiglu
    config = LlamaConfig(
        hidden_size=mlp.d_model, intermediate_size=swiglu.d_ff, num_attention_heads=2, hidden_act="silu"
    )
    hf = LlamaMLP(config)
    with torch.no_grad():
        hf.gate_proj.weight.copy_(s.W_gate.weight)
        hf.up_proj.weight.copy_(s.W_up.weight)
        hf.down_proj.weight.copy_(s.W_down.weight)
        assert torch.allclose(s(mlp.X), hf(mlp.X), atol=1e-6)
    x = swiglu.x
    assert torch.allclose(F.silu(x), x * torch.sigmoid(x))


def test_swiglu_with_8_3_width_has_about_the_weights_of_a_4x_mlp():
    n_swiglu = sum(p.numel() for p in swiglu.swiglu.parameters())
    assert n_swiglu == 3 * mlp.d_model * swiglu.d_ff
    assert abs(n_swiglu / (8 * mlp.d_model**2) - 1) < 0.05


def test_ffn_table_reads_real_configs():
    table = ffn_sizes.ffn.set_index("model")
    assert table.loc["llama-3-8b", "d_ff"] == 14336
    assert table.loc["qwen3-0.6b", "d_model"] == 1024
    assert (table["activation"] == "silu").all()


def test_residual_keeps_the_input_gradient_alive():
    plain = [residual.input_gradient(n, residual=False) for n in (1, 6, 12, 24)]
    res = [residual.input_gradient(n, residual=True) for n in (1, 6, 12, 24)]
    assert plain == sorted(plain, reverse=True) and plain[-1] < 1e-10
    assert min(res) > 1.0


def test_hand_layer_norm_matches_nn_layer_norm():
    torch.manual_seed(0)
    x = 5 * torch.randn(3, 7, 24) - 2
    ln = nn.LayerNorm(24)
    nn.init.normal_(ln.weight)
    nn.init.normal_(ln.bias)
    assert torch.allclose(norms.layer_norm(x, ln.weight, ln.bias), ln(x), atol=1e-5)


def test_hand_rms_norm_matches_nn_rms_norm_and_llama_rms_norm():
    torch.manual_seed(1)
    x = 5 * torch.randn(3, 7, 24) + 2
    ours, torch_rms, llama_rms = norms.RMSNorm(24, 1e-6), nn.RMSNorm(24, 1e-6), LlamaRMSNorm(24)
    with torch.no_grad():
        torch_rms.weight.normal_()
        ours.weight.copy_(torch_rms.weight)
        llama_rms.weight.copy_(torch_rms.weight)
        assert torch.allclose(ours(x), torch_rms(x), atol=1e-6)
        assert torch.allclose(ours(x), llama_rms(x), atol=1e-6)


def test_layer_norm_centres_rows_and_rms_norm_only_rescales():
    y, z = norms.y, norms.z
    assert torch.allclose(y.mean(-1), torch.zeros(len(y)), atol=1e-5)
    assert torch.allclose(z.pow(2).mean(-1).sqrt(), torch.ones(len(z)), atol=1e-4)
    assert z.mean(-1).abs().max() > 0.1


def test_post_norm_pins_the_stream_and_pre_norm_lets_it_grow():
    f = lambda x: 2 * x + 1  # noqa: E731
    norm = norms.RMSNorm(4)
    x = torch.randn(3, 4)
    with torch.no_grad():
        assert torch.allclose(pre_post.pre_norm(x, f, norm), x + f(norm(x)))
        assert torch.allclose(pre_post.post_norm(x, f, norm), norm(x + f(x)))
    post, pre = pre_post.h_post, pre_post.h_pre
    assert torch.allclose(post.pow(2).mean(-1).sqrt(), torch.ones(len(post)), atol=1e-4)
    assert pre.pow(2).mean().sqrt() > 1.2


def test_attention_is_causal_and_grouped():
    a, X, cos, sin = attention.attn, attention.X, attention.cos, attention.sin
    assert a.W_k.weight.shape[0] == a.W_q.weight.shape[0] // 2
    out = a(X, cos, sin)
    X2 = X.clone()
    X2[:, 3:] = torch.randn_like(X2[:, 3:])
    assert torch.allclose(a(X2, cos, sin)[:, :3], out[:, :3], atol=1e-6)
    assert not torch.allclose(a(X2, cos, sin)[:, 3:], out[:, 3:], atol=1e-3)


def test_decoder_block_matches_llama_decoder_layer():
    assert torch.allclose(vs_llama.out_ours, vs_llama.out_hf, atol=1e-5)


def _tiny_llama(seed, **extra):
    config = LlamaConfig(
        hidden_size=48,
        num_attention_heads=6,
        num_key_value_heads=2,
        head_dim=8,
        intermediate_size=96,
        rms_norm_eps=1e-5,
        **extra,
    )
    torch.manual_seed(seed)
    hf = LlamaDecoderLayer(config, layer_idx=0).eval()
    ours = decoder_block.DecoderBlock(48, 6, 2, 8, 96, eps=1e-5)
    with torch.no_grad():
        for name, p in hf.named_parameters():
            if "layernorm" in name:
                p.uniform_(0.5, 1.5)
        for mine, theirs in vs_llama.HF_NAME.items():
            ours.get_submodule(mine).weight.copy_(hf.get_submodule(theirs).weight)
    return config, hf, ours


def test_decoder_block_matches_llama_with_other_sizes_and_sdpa_causal_default():
    config, hf, ours = _tiny_llama(
        seed=8, attn_implementation="sdpa", rope_parameters={"rope_type": "default", "rope_theta": 500000.0}
    )
    n = 11
    X = torch.randn(3, n, 48)
    cos_hf, sin_hf = LlamaRotaryEmbedding(config)(X, torch.arange(n)[None])
    cos, sin = attention.rope_cos_sin(n, 8, base=500000.0)
    with torch.no_grad():
        # sdpa with no mask falls back to is_causal=True
        out_hf = hf(X, attention_mask=None, position_embeddings=(cos_hf, sin_hf))
        assert torch.allclose(ours(X, cos, sin), out_hf, atol=1e-5)


def test_eager_llama_layer_without_mask_is_not_causal():
    config, hf, ours = _tiny_llama(seed=9, attn_implementation="eager")
    n = 6
    X = torch.randn(1, n, 48)
    cos_hf, sin_hf = LlamaRotaryEmbedding(config)(X, torch.arange(n)[None])
    cos, sin = attention.rope_cos_sin(n, 8)
    with torch.no_grad():
        unmasked = hf(X, attention_mask=None, position_embeddings=(cos_hf, sin_hf))
        assert not torch.allclose(ours(X, cos, sin), unmasked, atol=1e-3)


def test_nomenclature_table_lists_every_hf_module_with_our_name():
    table = nomenclature.names
    hf_names = {name for name, _ in vs_llama.hf_layer.named_modules() if name}
    assert set(table["HF module"]) == hf_names
    for hf_name in (
        "self_attn.q_proj",
        "self_attn.k_proj",
        "self_attn.v_proj",
        "self_attn.o_proj",
        "mlp.gate_proj",
        "mlp.up_proj",
        "mlp.down_proj",
        "input_layernorm",
        "post_attention_layernorm",
    ):
        row = table[table["HF module"] == hf_name].iloc[0]
        assert row["ours"] in vs_llama.HF_NAME and row["math"] != "—"
        ours = vs_llama.block.get_submodule(row["ours"]).weight
        assert tuple(ours.shape) == row["weight shape"]


def test_residual_jacobian_product_stays_within_a_few_times_identity():
    table = jacobians.jacobians
    assert (table["‖J_l‖"] < 1).all()  # each layer alone shrinks
    plain = table["‖product‖, plain"]
    assert list(plain) == sorted(plain, reverse=True) and plain.iloc[-1] < 1e-10
    residual = table["‖product‖, residual"]
    assert (residual >= 1).all() and residual.iloc[-1] < 10  # grown only a few times
    assert list(residual) == sorted(residual)  # "its norm grows slowly with depth"
    worst = table["worst case ∏(1 + ‖J_l‖)"]
    assert (worst >= residual - 1e-4).all() and worst.iloc[-1] > 1000 * residual.iloc[-1]


def test_pre_post_plot_draws_the_rms_the_table_prints():
    from snippets.block import pre_post, pre_post_plot

    post_line, pre_line = pre_post_plot.ax.get_lines()
    assert list(post_line.get_xdata()) == list(range(1, len(pre_post.layers) + 1))
    for layer in pre_post.rms.index:  # the table's rows are points of the lines
        assert post_line.get_ydata()[layer - 1] == pre_post.rms.loc[layer, "rms of x, post-norm"]
        assert pre_line.get_ydata()[layer - 1] == pre_post.rms.loc[layer, "rms of x, pre-norm"]
    assert pre_line.get_ydata()[-1] > 1.2 * post_line.get_ydata()[-1]  # the title's claim


def test_residual_stream_picture_draws_each_sublayer_s_update_and_their_sums():
    from snippets.block import stream_plot as plot
    from snippets.block import vs_llama

    images = [ax.images[0].get_array() for ax in plot.fig.axes if ax.images]
    shown = [torch.as_tensor(image) for image in images]
    x_0, attn_update, x_1, mlp_update, x_2 = (M[0] for M in plot.stages.values())
    drawn = [x_0, attn_update, x_1, mlp_update, x_2]
    assert all(torch.equal(a, b) for a, b in zip(shown, drawn, strict=True))
    assert torch.equal(x_0, vs_llama.X[0])
    assert torch.allclose(x_1, x_0 + attn_update) and torch.allclose(x_2, x_1 + mlp_update)
    assert torch.allclose(x_2, vs_llama.out_hf[0], atol=1e-5)  # the real LlamaDecoderLayer's output

    def rms(M):
        return M.pow(2).mean().sqrt()

    # The page: each update is small next to the stream it joins.
    assert rms(attn_update) < 0.5 * rms(x_0) and rms(mlp_update) < 0.5 * rms(x_1)


def test_swiglu_picture_draws_the_gate_the_up_branch_and_their_product_of_the_pages_module():
    from snippets.block import swiglu_plot as plot

    with torch.no_grad():  # the branches of the page's own SwiGLU, on the page's X
        gate, up = F.silu(swiglu.swiglu.W_gate(mlp.X)), swiglu.swiglu.W_up(mlp.X)
        assert torch.allclose(swiglu.swiglu.W_down(gate * up), swiglu.swiglu(mlp.X), atol=1e-6)
    curve, *maps, _colorbar = plot.fig.axes
    drawn = [torch.as_tensor(ax.images[0].get_array()) for ax in maps]
    assert [tuple(d.shape) for d in drawn] == [(mlp.X.shape[0], swiglu.d_ff)] * 3
    for shown, expected in zip(drawn, (gate, up, gate * up), strict=True):
        assert torch.allclose(shown, expected)
    assert len({ax.images[0].get_clim() for ax in maps}) == 1, "one colour scale"
    (line, _zero) = curve.get_lines()
    assert torch.allclose(torch.as_tensor(line.get_ydata()), F.silu(torch.as_tensor(line.get_xdata())))
    # The prose: for a negative input SiLU lies between its minimum (about -0.28) and 0.
    assert -0.2785 < F.silu(plot.x).min() < -0.278
    negative = plot.x < 0
    assert (F.silu(plot.x)[negative] < 0).all()
