"""Claims made by the snippets of docs/overview.md."""

import math

import torch
import torch.nn.functional as F
from torch import nn
from transformers import GPT2Config
from transformers.models.gpt2.modeling_gpt2 import GPT2Block

from snippets.overview import causal, fit_not_explain, generate, heads, parameters, real_sizes, shapes
from snippets.overview.tiny_model import TinyLM, model, vocab


def test_tiny_model_shapes_at_every_stage():
    B, s, d_model = 3, 7, model.embed.embedding_dim
    ids = torch.randint(len(vocab), (B, s), generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        x = model.embed(ids) + model.pos(torch.arange(s))
        assert x.shape == (B, s, d_model)
        mask = torch.nn.Transformer.generate_square_subsequent_mask(s)
        for block in model.blocks:
            x = block(x, src_mask=mask, is_causal=True)
            assert x.shape == (B, s, d_model)
        logits = model.head(model.norm(x))
        assert logits.shape == (B, s, len(vocab))
        assert torch.allclose(logits, model(ids), atol=1e-6)
        probs = logits[:, -1].softmax(dim=-1)
        assert probs.shape == (B, len(vocab))


def test_snippet_shapes_and_probabilities_sum_to_one():
    assert shapes.ids.shape == (shapes.B, shapes.n)
    assert shapes.logits.shape == (shapes.B, shapes.n, len(vocab))
    assert shapes.probs.shape == (shapes.B, len(vocab))
    assert torch.allclose(shapes.probs.sum(dim=-1), torch.ones(shapes.B))
    assert (shapes.probs > 0).all()
    assert torch.allclose(shapes.logits, model(shapes.ids).detach(), atol=1e-6)


def test_heads_merge_into_d_model_and_match_multihead_attention():
    assert heads.n_h * heads.d_k == heads.d_model
    assert heads.weights.shape == (shapes.B, heads.n_h, shapes.n, shapes.n)
    assert torch.allclose(heads.weights.sum(dim=-1), torch.ones(shapes.B, heads.n_h, shapes.n))
    assert heads.heads.shape == (shapes.B, heads.n_h, shapes.n, heads.d_k)
    assert heads.merged.shape == (shapes.B, shapes.n, heads.d_model)
    assert torch.allclose(heads.by_hand, heads.out, atol=1e-6)


def test_blocks_are_identical_in_design_and_parameter_count():
    counts = [parameters.count(b) for b in model.blocks]
    assert len(set(counts)) == 1
    shapes_of = [[p.shape for p in b.parameters()] for b in model.blocks]
    assert all(s == shapes_of[0] for s in shapes_of)
    # ... but each block has its own weights, not shared ones
    assert not torch.equal(model.blocks[0].linear1.weight, model.blocks[1].linear1.weight)
    t = parameters.table["parameters"]
    assert t["total"] == sum(t[name] for name in t.index if name != "total")
    assert sum(counts) > t["total"] / 2, "in the toy, most weights sit in the blocks"


def test_later_tokens_never_change_earlier_predictions():
    assert causal.same_earlier
    assert not torch.allclose(causal.before[:, -1], causal.after[:, -1])
    torch.manual_seed(3)
    ids = torch.randint(len(vocab), (2, 9))
    with torch.no_grad():
        full = model(ids)
        for t in range(1, 9):
            assert torch.allclose(model(ids[:, :t]), full[:, :t], atol=1e-5)


def test_generation_appends_the_most_likely_token_each_step():
    ids = generate.ids
    assert ids.shape == (1, 3 + 5)
    with torch.no_grad():
        for t in range(3, ids.shape[1]):
            assert model(ids[:, :t])[0, -1].argmax() == ids[0, t]


def test_real_configs_are_the_same_function_at_larger_sizes():
    rows = real_sizes.rows
    sizes = ["vocab_size", "d_model", "blocks", "n_h", "d_k"]
    assert {k: rows["llama-3-8b"][k] for k in sizes} == {
        "vocab_size": 128256,
        "d_model": 4096,
        "blocks": 32,
        "n_h": 32,
        "d_k": 128,
    }
    assert rows["smollm2-135m"]["n_h"] * rows["smollm2-135m"]["d_k"] == 576
    assert rows["qwen3-0.6b"]["n_h"] * rows["qwen3-0.6b"]["d_k"] != 1024


def test_real_models_differ_from_ours_in_the_five_design_columns_the_page_names():
    rows = real_sizes.rows
    ours = rows["our TinyLM"]
    assert ours["n_kv"] == ours["n_h"] and ours["biases"]
    for name in ["smollm2-135m", "qwen3-0.6b", "llama-3-8b"]:
        row = rows[name]
        assert row["n_kv"] < row["n_h"]  # grouped-query attention
        assert (row["positions"], row["norm"], row["act"]) == ("RoPE", "RMSNorm", "silu")
        assert row["biases"] is False
        for column in ["positions", "norm", "act"]:
            assert row[column] != ours[column]


def test_tiny_model_accepts_any_vocabulary_and_depth():
    m = TinyLM(50, d_model=16, n_h=2, n_layers=1).eval()
    with torch.no_grad():
        out = m(torch.zeros(4, 5, dtype=torch.long))
    assert out.shape == (4, 5, 50)


def test_tiny_model_blocks_are_pre_norm_with_relu_not_torch_defaults():
    block = model.blocks[0]
    assert block.norm_first and block.activation is F.relu
    default = nn.TransformerEncoderLayer(8, 2)
    assert not default.norm_first and default.activation is F.relu  # 2017: post-norm


def test_with_tanh_gelu_the_encoder_layer_computes_gpt2s_block():
    d, n_h, s = 32, 4, 6
    config = GPT2Config(n_embd=d, n_head=n_h, n_layer=1, resid_pdrop=0.0, attn_pdrop=0.0)
    assert config.activation_function == "gelu_new"  # GELU, tanh approximation
    torch.manual_seed(0)
    gpt2 = GPT2Block(config, layer_idx=0).eval()
    with torch.no_grad():
        # GPT-2's initial weights (std 0.02) keep the MLP's inputs near 0, where the
        # two GELUs agree to 1e-7; weights of a trained model's size tell them apart
        gpt2.mlp.c_fc.weight.normal_(0, 0.5)

    def layer(activation):
        """Our pre-norm encoder layer, holding GPT-2's weights."""
        ours = nn.TransformerEncoderLayer(
            d, n_h, 4 * d, 0.0, activation, batch_first=True, norm_first=True
        ).eval()
        with torch.no_grad():
            ours.norm1.load_state_dict(gpt2.ln_1.state_dict())
            ours.norm2.load_state_dict(gpt2.ln_2.state_dict())
            # GPT-2's Conv1D stores (in, out): the transpose of nn.Linear's weight
            for mine, theirs in [
                (ours.self_attn.out_proj, gpt2.attn.c_proj),
                (ours.linear1, gpt2.mlp.c_fc),
                (ours.linear2, gpt2.mlp.c_proj),
            ]:
                mine.weight.copy_(theirs.weight.T)
                mine.bias.copy_(theirs.bias)
            ours.self_attn.in_proj_weight.copy_(gpt2.attn.c_attn.weight.T)
            ours.self_attn.in_proj_bias.copy_(gpt2.attn.c_attn.bias)
        return ours

    x = torch.randn(2, s, d)
    mask = nn.Transformer.generate_square_subsequent_mask(s)
    with torch.no_grad():
        out = gpt2(x, attention_mask=mask[None, None])
        out = out[0] if isinstance(out, tuple) else out

        def agrees(activation, atol=1e-5):
            mine = layer(activation)(x, src_mask=mask, is_causal=True)
            return torch.allclose(mine, out, atol=atol)

        # the page's words: a function computing GELU's tanh approximation
        assert agrees(lambda x: F.gelu(x, approximate="tanh"))
        assert not agrees(F.gelu)  # the exact GELU
        assert not agrees(F.relu, atol=1e-3)  # the default
        # the page's warning: PyTorch's fast path computes an nn.GELU module exactly
        assert not agrees(nn.GELU(approximate="tanh"))


def test_a_cosine_fits_the_bell_curve_closely_but_strays_beyond_the_data():
    f = fit_not_explain
    peak = f.y_data.max().item()
    assert f.fit_error < 0.1 * peak  # a close fit where there is data
    assert f.x_far > f.x_data.max()  # the check lies beyond the data
    cosine_far = f.a * math.cos(f.b * f.x_far) + f.c
    assert cosine_far > 0.5 * peak and f.y_far < 1e-4  # a second peak vs flat zero
