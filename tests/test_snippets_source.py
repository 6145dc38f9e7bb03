"""Claims made by the snippets of docs/source.md: the listings are the installed code,
their notes fail on changed code, and the guide's pieces reproduce transformers'."""

import contextlib
import inspect
import io

import pytest
import torch
from transformers import LlamaConfig, LlamaForCausalLM
from transformers.models.llama import modeling_llama

from snippets.source import (
    attention_source,
    layer_source,
    listing,
    mask,
    model,
    model_source,
    ours,
    repeat_kv_source,
    reproduce,
    rope_source,
)

LISTED = [  # (snippet module, functions it lists)
    (layer_source, [modeling_llama.LlamaDecoderLayer.forward]),
    (attention_source, [modeling_llama.LlamaAttention.forward]),
    (rope_source, [modeling_llama.apply_rotary_pos_emb, modeling_llama.rotate_half]),
    (repeat_kv_source, [modeling_llama.repeat_kv, modeling_llama.eager_attention_forward]),
    (model_source, [modeling_llama.LlamaModel.forward]),
]


def printed(fn, notes) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        listing.annotated(fn, notes)
    return out.getvalue()


@pytest.mark.parametrize("fn", [f for _, fns in LISTED for f in fns], ids=lambda f: f.__qualname__)
def test_listing_is_the_installed_source_line_for_line(fn):
    shown = [line[2:] for line in printed(fn, {"def ": "x"}).split("\n\n")[0].splitlines()]
    code_lines = [line.strip() for line in inspect.getsource(fn).splitlines() if line.strip()]
    # every shown line is a line of the installed code, in order (only the docstring is left out)
    it = iter(code_lines)
    assert all(any(line.strip() == c for c in it) for line in shown if line.strip())


def test_a_note_on_a_line_that_is_gone_stops_the_build():
    with pytest.raises(LookupError, match="transformers changed"):
        printed(modeling_llama.repeat_kv, {"a line transformers never wrote": "x"})


def test_marks_go_top_to_bottom_and_every_note_is_printed():
    notes = {"return hidden_states.reshape": "last", "if n_rep == 1:": "first"}
    text = printed(modeling_llama.repeat_kv, notes)
    listing_part, notes_part = text.split("\n\n")
    marked = [line for line in listing_part.splitlines() if line[0] != " "]
    assert marked[0].startswith("① ") and "n_rep == 1" in marked[0]
    assert marked[1].startswith("② ") and "reshape" in marked[1]
    assert notes_part.splitlines() == ["① first", "② last"]


def test_the_model_runs_the_eager_attention_the_page_reads_with_gqa():
    assert model.attn.config._attn_implementation == "eager"
    assert model.config.num_key_value_heads < model.config.num_attention_heads


def test_the_mask_is_zero_where_the_guide_sees_and_the_lowest_float_elsewhere():
    m = mask.mask[0, 0]
    assert torch.equal(m == 0, torch.ones(mask.n, mask.n, dtype=torch.bool).tril())
    assert (m[m != 0] == torch.finfo(torch.float32).min).all()


@pytest.mark.parametrize("name", list(reproduce.pairs))
def test_the_guides_pieces_reproduce_transformers(name):
    theirs, ours_out = reproduce.pairs[name]
    assert theirs.shape == ours_out.shape
    assert torch.allclose(theirs, ours_out, atol=1e-6)


def test_our_rope_pairs_j_with_j_plus_half_and_keeps_lengths():
    x = torch.randn(5, 8)
    y = ours.rope(x, torch.arange(5), 10000.0)
    assert torch.allclose(y.norm(dim=-1), x.norm(dim=-1), atol=1e-6)
    assert torch.equal(y[0], x[0])  # position 0 is not rotated


def test_sdpa_is_the_default_attention_the_page_names():
    small = LlamaConfig(
        vocab_size=10, hidden_size=16, num_attention_heads=2, num_hidden_layers=1, intermediate_size=32
    )
    assert LlamaForCausalLM(small).config._attn_implementation == "sdpa"
