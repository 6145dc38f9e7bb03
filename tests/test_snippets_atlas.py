"""Claims made by the snippets of docs/atlas.md, and what the page's atlas is given."""

import base64
import gzip
import json

import pytest
import torch
from transformers.models.llama.modeling_llama import apply_rotary_pos_emb

from snippets.atlas import gqa, load, pronoun, weights, widget

MIME = "application/vnd.tested-transformer.attention+json"
STEP = 1 / 255  # one quantization level of the stored weights


def stored(model: dict, k: int) -> torch.Tensor:
    """The atlas's weights of sentence k as floats: (layers, n_h, n, n)."""
    sentence = model["sentences"][k]
    n = len(sentence["tokens"])
    raw = torch.frombuffer(bytearray(base64.b64decode(sentence["A"])), dtype=torch.uint8)
    return raw.reshape(model["layers"], model["n_h"], n, n).float() / widget.data["scale"]


def models_of_the_atlas() -> dict[str, dict]:
    return {m["name"]: m for m in widget.data["models"]}


def test_both_models_are_loaded_with_eager_attention():
    assert load.encoder.config._attn_implementation == "eager"
    assert load.decoder.config._attn_implementation == "eager"
    atlas = models_of_the_atlas()
    assert (atlas["MiniLM"]["layers"], atlas["MiniLM"]["n_h"], atlas["MiniLM"]["n_kv"]) == (6, 12, 12)
    assert (atlas["SmolLM2"]["layers"], atlas["SmolLM2"]["n_h"], atlas["SmolLM2"]["n_kv"]) == (30, 9, 3)


@pytest.mark.parametrize("name", ["MiniLM", "SmolLM2"])
def test_widget_data_equal_the_models_attention_within_quantization(name):
    """Recomputed here from the model, not taken from the snippet's tensors."""
    model, tokenizer = weights.models[name]
    atlas = models_of_the_atlas()[name]
    assert [s["text"] for s in atlas["sentences"]] == weights.SENTENCES
    for k, sentence in enumerate(weights.SENTENCES):
        batch = tokenizer(sentence, return_tensors="pt")
        with torch.no_grad():
            A = torch.stack(model(**batch, output_attentions=True).attentions)[:, 0]
        assert len(atlas["sentences"][k]["tokens"]) == batch["input_ids"].shape[1]
        error = (stored(atlas, k) - A).abs().max().item()
        assert error <= STEP / 2 + 1e-6, error


@pytest.mark.parametrize("name", ["MiniLM", "SmolLM2"])
def test_stored_rows_sum_to_one_within_rounding(name):
    atlas = models_of_the_atlas()[name]
    for k in range(len(atlas["sentences"])):
        A = stored(atlas, k)
        n = A.shape[-1]
        assert ((A.sum(-1) - 1).abs() <= n * STEP / 2 + 1e-6).all()
        assert (A.sum(-1) - 1).abs().max() > 0 or n == 1  # rounded, not renormalised


def test_the_decoders_future_positions_are_zero_and_the_encoders_are_not():
    atlas = models_of_the_atlas()
    assert atlas["SmolLM2"]["causal"] is True and atlas["MiniLM"]["causal"] is False
    for k in range(len(weights.SENTENCES)):
        assert stored(atlas["SmolLM2"], k).triu(diagonal=1).max() == 0
        assert stored(atlas["MiniLM"], k).triu(diagonal=1).max() > 0.5
    for name, runs in weights.atlas.items():
        future = max(A.triu(diagonal=1).max().item() for _, A in runs)
        assert (future == 0) == (name == "SmolLM2")


def test_heads_of_one_group_weigh_the_tokens_differently_in_every_layer():
    """The page: shared keys and values, yet any two heads of a group differ somewhere."""
    _, A = weights.atlas["SmolLM2"][0]
    assert gqa.gaps.shape == (3 * 3, A.shape[0])  # 3 pairs in each of 3 groups, per layer
    pair = (A[:, 0] - A[:, 1]).abs().amax(dim=(-2, -1))  # heads 0 and 1 share K/V head 0
    assert gqa.pairs[0] == (0, 1) and torch.equal(gqa.gaps[0], pair)
    assert (gqa.gaps >= gqa.alike).float().mean() > 0.9  # the page: most pairs differ
    for p, layer in (gqa.gaps < gqa.alike).nonzero().tolist():  # the page: alike = first-token heads
        a, b = gqa.pairs[p]
        assert A[layer, [a, b], :, 0].min() > 0.9


def test_query_heads_of_one_group_use_the_same_key_rows():
    """Layer by layer: k_proj holds n_kv heads; recomputing A by hand with key head
    h // group reproduces every query head h, and another group's keys do not."""
    decoder = load.decoder
    n_h, n_kv, d_k = gqa.n_h, gqa.n_kv, gqa.d_k
    assert (n_h, n_kv, gqa.group) == (9, 3, 3)
    assert gqa.groups == {0: [0, 1, 2], 1: [3, 4, 5], 2: [6, 7, 8]}
    captured = {}

    def keep_inputs(module, args, kwargs):
        captured[module.layer_idx] = (kwargs["hidden_states"], kwargs["position_embeddings"])

    attns = [layer.self_attn for layer in decoder.model.layers]
    hooks = [a.register_forward_pre_hook(keep_inputs, with_kwargs=True) for a in attns]
    try:
        tokens, A = weights.atlas["SmolLM2"][0]
        batch = weights.models["SmolLM2"][1](weights.SENTENCES[0], return_tensors="pt")
        with torch.no_grad():
            decoder(**batch)
    finally:
        for hook in hooks:
            hook.remove()
    n = len(tokens)
    causal = torch.ones(n, n, dtype=torch.bool).tril()
    for layer in (0, 13, 29):
        attn = attns[layer]
        assert attn.k_proj.weight.shape == (n_kv * d_k, decoder.config.hidden_size)
        assert attn.v_proj.weight.shape == (n_kv * d_k, decoder.config.hidden_size)
        assert attn.q_proj.weight.shape == (n_h * d_k, decoder.config.hidden_size)
        X, (cos, sin) = captured[layer]
        with torch.no_grad():
            Q = attn.q_proj(X).view(1, n, n_h, d_k).transpose(1, 2)  # (1, n_h, n, d_k)
            K = attn.k_proj(X).view(1, n, n_kv, d_k).transpose(1, 2)  # (1, n_kv, n, d_k)
            Q, K = apply_rotary_pos_emb(Q, K, cos, sin)

        def by_hand(h: int, kv: int, Q=Q, K=K) -> torch.Tensor:
            scores = Q[0, h] @ K[0, kv].T / d_k**0.5
            return scores.masked_fill(~causal, float("-inf")).softmax(dim=-1)

        for h in range(n_h):
            own = h // gqa.group
            assert torch.allclose(by_hand(h, own), A[layer, h], atol=1e-5), (layer, h)
            other = (own + 1) % n_kv
            assert (by_hand(h, other) - A[layer, h]).abs().max() > 1e-3, (layer, h)


def test_pronoun_search_takes_the_best_of_every_head_and_reports_what_the_page_says():
    for name, ((tokens, A_tired), (tokens_wide, A_wide)) in weights.atlas.items():
        it, animal, street = (tokens.index(w) for w in ("it", "animal", "street"))
        assert tokens[: it + 1] == tokens_wide[: it + 1]
        layer, head = pronoun.heads[name]
        best = A_tired[:, :, it, animal].max()
        assert A_tired[layer, head, it, animal] == best
        assert tuple(models_of_the_atlas()[name]["start"]) == (layer, head)
        change = (A_tired[:, :, it] - A_wide[:, :, it]).abs().max().item()
        if name == "MiniLM":  # "it" sees the last word: the same head shifts
            assert A_wide[layer, head, it, animal] < best - 0.1
            assert A_wide[layer, head, it, animal] > A_wide[layer, head, it, street]
            assert change > 0.1
        else:  # "it" comes before the last word: nothing changes, in any head
            assert change == 0  # printed as 0.000: the same to the last bit
            assert torch.equal(A_tired[:, :, : it + 1], A_wide[:, :, : it + 1])  # every earlier row too
            assert best > 0.5


def test_atlas_data_fit_the_page_budget_and_carry_a_fallback_figure():
    text = json.dumps(widget.data, separators=(",", ":"))
    assert len(gzip.compress(text.encode())) <= 200 * 1024
    svg = widget.svg.getvalue()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for name, (layer, head) in pronoun.heads.items():
        assert f"{name}, layer {layer}, head {head}" in svg  # the figure's titles (comments)
    assert set(widget.bundle) == {MIME, "image/svg+xml", "text/plain"}
    assert widget.bundle[MIME] is widget.data
