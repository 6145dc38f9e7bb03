"""Claims made by the snippets of docs/real_model.md (exact architectures, meta device)."""

import torch

from snippets.real_model import (
    core,
    head_math,
    kv_cache,
    layer,
    llama_tree,
    load,
    param_table,
    self_attn,
    size_table,
    stages,
    tree,
)


def test_the_page_reads_qwen3_0_6b_on_the_meta_device():
    assert type(load.model).__name__ == "Qwen3ForCausalLM"
    assert all(p.device.type == "meta" for p in load.model.parameters())
    assert sum(p.numel() for p in load.model.parameters()) == 596_049_920


def test_printing_the_model_folds_the_28_layers():
    text = str(tree.model)
    assert "(0-27): 28 x Qwen3DecoderLayer" in text
    assert text.count("Qwen3DecoderLayer") == 1


def test_core_holds_the_first_two_stages_and_identical_layers():
    names = [name for name, _ in core.core.named_children()]
    assert names == ["embed_tokens", "layers", "norm", "rotary_emb"]
    assert len(core.core.layers) == load.config.num_hidden_layers == 28
    assert all(str(x) == str(core.core.layers[0]) for x in core.core.layers)
    assert not list(core.core.rotary_emb.parameters())  # positions: no learned weights


def test_a_layer_is_attention_then_mlp_with_two_rmsnorms():
    names = [name for name, _ in layer.layer.named_children()]
    assert names == ["self_attn", "mlp", "input_layernorm", "post_attention_layernorm"]


def test_q_proj_is_heads_times_head_dim_not_d_model():
    attn, cfg = self_attn.attn, load.config
    assert (attn.q_proj.in_features, attn.q_proj.out_features) == (1024, 2048)
    assert attn.q_proj.out_features == cfg.num_attention_heads * cfg.head_dim
    assert cfg.hidden_size // cfg.num_attention_heads != cfg.head_dim  # 64 vs 128
    assert (attn.k_proj.out_features, attn.v_proj.out_features) == (1024, 1024)
    assert attn.k_proj.out_features == cfg.num_key_value_heads * cfg.head_dim
    assert (attn.o_proj.in_features, attn.o_proj.out_features) == (2048, 1024)
    assert head_math.n_h // head_math.n_kv == 2  # GQA groups


def test_gqa_shrinks_the_kv_cache_by_heads_over_kv_heads():
    cfg = load.config
    gqa = kv_cache.kv_bytes_per_token(cfg, cfg.num_key_value_heads)
    assert gqa == 2 * 28 * 8 * 128 * 2  # K and V, 28 layers, bf16
    assert kv_cache.kv_bytes_per_token(cfg, cfg.num_attention_heads) == 2 * gqa


def test_shapes_through_the_three_stages():
    assert stages.shapes == {
        "1 embed_tokens": (1, 6, 1024),
        "2 layers[0]": (1, 6, 1024),
        "2 layers[-1]": (1, 6, 1024),
        "2 norm": (1, 6, 1024),
        "3 lm_head": (1, 6, 151936),
    }
    assert stages.logits.shape == (1, 6, 151936) and stages.logits.device.type == "meta"
    assert stages.model.lm_head.weight is stages.model.model.embed_tokens.weight


def test_component_counts_add_up_and_match_the_architecture():
    c, cfg = param_table.counts, load.config
    assert sum(c.values()) == 596_049_920
    assert sum(c.values()) - c["embed_tokens (stage 1)"] == 440_467_456
    d, d_h, L = cfg.hidden_size, cfg.head_dim, cfg.num_hidden_layers
    attn = d * d_h * (cfg.num_attention_heads + 2 * cfg.num_key_value_heads)  # q, k, v
    attn += cfg.num_attention_heads * d_h * d + 2 * d_h  # o, norms
    assert c["layers: self_attn"] == L * attn
    assert c["layers: mlp"] == L * 3 * d * cfg.intermediate_size
    assert c["lm_head (stage 3)"] == 0
    assert max(c, key=c.get) == "layers: mlp"
    assert c["layers: self_attn"] > c["embed_tokens (stage 1)"]  # attention comes next


def test_llama_3_8b_has_square_q_proj_gqa_and_an_untied_head():
    attn = llama_tree.llama.model.layers[0].self_attn
    assert (attn.q_proj.in_features, attn.q_proj.out_features) == (4096, 4096)
    assert not hasattr(attn, "q_norm") and not hasattr(attn, "k_norm")
    assert attn.k_proj.out_features == 1024
    assert llama_tree.llama.lm_head.weight is not llama_tree.llama.model.embed_tokens.weight
    assert sum(p.numel() for p in llama_tree.llama.parameters()) == 8_030_261_248


def test_size_table_has_the_published_counts():
    s = size_table.sizes
    expected = {
        "DistilBERT": 66_362_880,  # without head
        "BERT-base": 109_482_240,  # with pooler, without MLM head
        "T5-small": 60_506_624,
        "GPT-2": 124_439_808,
        "Qwen3-0.6B": 596_049_920,
        "Llama-3-8B": 7_504_924_672,
    }
    for name, count in expected.items():
        assert s.loc[name, "no head"] == count, name
    assert s.loc["Llama-3-8B", "parameters"] == 8_030_261_248
    assert 335e6 < s.loc["BERT-large", "parameters"] < 336e6
    assert 1.55e9 < s.loc["GPT-2 XL", "parameters"] < 1.56e9
    assert list(s["parameters"]) == sorted(s["parameters"])
    assert s.loc["T5-small", "kind"] == "enc-dec" and s.loc["T5-small", "layers"] == "6+6"
    assert s.loc["BERT-base", "kind"] == "encoder" and s.loc["GPT-2", "kind"] == "decoder"
    assert s.loc["SmolLM2-135M", "K/V"] == 3 and s.loc["Qwen3-0.6B", "K/V"] == 8
    assert s["tied"].to_dict() == {name: name != "Llama-3-8B" for name in s.index}
    assert len(s) == len(size_table.names) == 9


def test_decoder_sizes_do_not_grow_together():
    s = size_table.sizes
    decoders = s[s["kind"] == "decoder"]
    layers = decoders["layers"].astype(int)
    largest = decoders["parameters"].idxmax()
    assert largest == "Llama-3-8B" == decoders["d_model"].idxmax()  # also the widest
    assert layers["GPT-2 XL"] == 48 > layers["Llama-3-8B"] == 32
    assert layers["SmolLM2-135M"] > layers["Qwen3-0.6B"]
    assert decoders["vocab"].idxmax() == "Qwen3-0.6B"


def test_meta_forward_allocates_no_weights():
    x = torch.zeros(1, 2, dtype=torch.long, device="meta")
    with torch.no_grad():
        out = load.model(input_ids=x).logits
    assert out.device.type == "meta"


def test_param_chart_draws_one_bar_per_component_with_its_count():
    from snippets.real_model import param_chart, param_table

    widths = [bar.get_width() for bar in param_chart.bars]
    assert widths == [param_table.counts[n] / 1e6 for n in param_chart.names]


def test_size_chart_draws_every_model_on_a_log_scale():
    from snippets.real_model import size_chart, size_table

    assert size_chart.ax.get_xscale() == "log"
    assert len(size_chart.ax.patches) == len(size_table.sizes)


READS_MODEL = ["tree", "core", "layer", "self_attn", "head_math", "stages", "param_table"]


def test_the_snippets_that_read_model_run_unchanged_on_real_weights(capsys):
    from pathlib import Path

    from transformers import Qwen3Config, Qwen3ForCausalLM

    import snippets

    # A Qwen3 small enough for a test, with real (random) numbers on the CPU; like
    # Qwen3-0.6B it ties its head and makes heads wider than d_model / n_h.
    config = Qwen3Config(
        vocab_size=100,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=16,
        intermediate_size=64,
        tie_word_embeddings=True,
    )
    torch.manual_seed(0)
    model = Qwen3ForCausalLM(config).eval()
    session = {"model": model, "config": config}  # what load.py defines on the page
    folder = Path(snippets.__file__).parent / "real_model"
    for name in READS_MODEL:
        source = (folder / f"{name}.py").read_text()
        shown = source.split("\n# %%\n", 1)[1]  # exactly what the page shows
        exec(compile(shown, f"{name}.py", "exec"), session)
    assert session["logits"].device.type == "cpu"
    assert session["logits"].shape == (1, 6, 100) and session["logits"].isfinite().all()
    assert session["shapes"]["3 lm_head"] == (1, 6, 100)
    assert sum(session["counts"].values()) == sum(p.numel() for p in model.parameters())
    assert "(0-1): 2 x Qwen3DecoderLayer" in capsys.readouterr().out
