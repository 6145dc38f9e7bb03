"""scripts/hub_cache.py: the offline Hugging Face cache that shown code's hub ids resolve from.

Seeding runs for real into temporary caches, from a tiny fake PyPI package (a folder with
a ``.dist-info``, found by importlib.metadata like any installed distribution) and from
config JSON files; ``from_pretrained`` then loads them offline by hub id, nothing mocked.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from conftest import ROOT
from huggingface_hub import hf_hub_download
from transformers import AutoConfig, AutoModel, BertConfig, BertModel

from scripts import hub_cache as H
from snipexec.prepare import PrepareError, run_prepare

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def fake_package(site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An installed distribution ``tt-tiny-bert`` holding a tiny BERT's files."""
    folder = site / "tt_tiny_bert"
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=50, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32
    )
    BertModel(config).save_pretrained(folder)
    info = site / "tt_tiny_bert-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tt-tiny-bert\nVersion: 0.1\n")
    monkeypatch.syspath_prepend(str(site))
    return folder


def tiny_table() -> list[H.HubFile]:
    source = H.Source("tt-tiny-bert", "tt_tiny_bert/{}")
    return [
        H.HubFile("tt-org/tiny-bert", name, H.Source(source.package, source.path.format(name)), COMMIT)
        for name in ("config.json", "model.safetensors")
    ] + [H.config_file("tt-org/tiny-config", "tiny")]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    (root / "snippets" / "model_configs").mkdir(parents=True)
    values = {"_source": "tt-org/tiny-config config.json", "model_type": "bert", "hidden_size": 8}
    (root / "snippets" / "model_configs" / "tiny.json").write_text(json.dumps(values))
    fake_package(tmp_path / "site", monkeypatch)
    return root


def git_blob_id(path: Path) -> str:
    return subprocess.run(
        ["git", "hash-object", "--no-filters", str(path)], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_seeded_files_load_offline_by_hub_id(project: Path, tmp_path: Path) -> None:
    home = tmp_path / "hf"
    written = H.seed(project, home, tiny_table())
    assert len(written) == 3
    hub = home / "hub"
    model = AutoModel.from_pretrained("tt-org/tiny-bert", revision=COMMIT, cache_dir=hub)
    package = BertModel.from_pretrained(tmp_path / "site" / "tt_tiny_bert")
    theirs = package.state_dict()
    assert all(torch.equal(value, theirs[key]) for key, value in model.state_dict().items())
    config = AutoConfig.from_pretrained("tt-org/tiny-config", cache_dir=hub)  # via refs/main
    assert config.hidden_size == 8 and not hasattr(config, "_source")


def test_cache_has_the_documented_layout_with_the_hubs_blob_names(project: Path, tmp_path: Path) -> None:
    home = tmp_path / "hf"
    H.seed(project, home, tiny_table())
    repo = home / "hub" / "models--tt-org--tiny-bert"
    weights = repo / "snapshots" / COMMIT / "model.safetensors"
    assert weights.is_symlink() and not Path(weights.readlink()).is_absolute()
    # LFS files are named by sha256, other files by their git blob id (as `git` computes it)
    assert weights.resolve().name == hashlib.sha256(weights.read_bytes()).hexdigest()
    config = repo / "snapshots" / COMMIT / "config.json"
    assert config.resolve().name == git_blob_id(config.resolve())
    assert weights.resolve().parent == repo / "blobs"
    assert not (repo / "refs").exists()  # seeded at a real commit: code names it
    local = home / "hub" / "models--tt-org--tiny-config"
    assert (local / "refs" / "main").read_text() == H.local_commit("tt-org/tiny-config")


def test_seeding_again_writes_nothing(project: Path, tmp_path: Path) -> None:
    home = tmp_path / "hf"
    H.seed(project, home, tiny_table())
    before = {p: p.stat().st_mtime_ns for p in home.rglob("*") if not p.is_symlink()}
    assert H.seed(project, home, tiny_table()) == []
    assert {p: p.stat().st_mtime_ns for p in home.rglob("*") if not p.is_symlink()} == before


def test_an_edited_config_is_reseeded_and_its_old_blob_dropped(project: Path, tmp_path: Path) -> None:
    home = tmp_path / "hf"
    H.seed(project, home, tiny_table())
    blobs = home / "hub" / "models--tt-org--tiny-config" / "blobs"
    (old,) = blobs.iterdir()
    source = project / "snippets" / "model_configs" / "tiny.json"
    source.write_text(json.dumps({"_source": "x", "model_type": "bert", "hidden_size": 12}))
    written = H.seed(project, home, tiny_table())
    assert written == [f"tt-org/tiny-config@{H.local_commit('tt-org/tiny-config')}/config.json"]
    assert AutoConfig.from_pretrained("tt-org/tiny-config", cache_dir=home / "hub").hidden_size == 12
    assert [p.name for p in blobs.iterdir()] != [old.name] and len(list(blobs.iterdir())) == 1


def test_missing_package_names_what_to_install(tmp_path: Path) -> None:
    table = [H.HubFile("tt-org/x", "a.bin", H.Source("tt-no-such-package", "x/a.bin"))]
    with pytest.raises(H.MissingSourceError, match="tt-no-such-package is not installed"):
        H.seed(tmp_path, tmp_path / "hf", table)


def test_without_cache_or_internet_from_pretrained_gives_the_librarys_error(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="couldn't connect to 'https://huggingface.co'"):
        AutoConfig.from_pretrained("Qwen/Qwen3-0.6B", cache_dir=tmp_path / "empty")


# ---- the guide's own table ----------------------------------------------------------


def test_every_model_config_in_the_repository_is_seeded_under_its_source_hub_id() -> None:
    seeded = {f.source.path: f.repo for f in H.FILES if f.source.strip_notes}
    for path in sorted(H.CONFIGS.glob("*.json")):
        rel = str(path.relative_to(ROOT))
        assert rel in seeded, f"{rel} is not in scripts/hub_cache.py FILES: add a config_file(...) line"
        source = json.loads(path.read_text())["_source"]
        assert source.split()[0] == seeded[rel], rel


@pytest.mark.parametrize(
    "item", [f for f in H.FILES if f.source.strip_notes], ids=lambda f: f.repo.replace("/", "--")
)
def test_guide_config_resolves_offline_with_the_repositorys_values(item: H.HubFile) -> None:
    values = json.loads((ROOT / item.source.path).read_text())
    config = AutoConfig.from_pretrained(item.repo)  # HF_HOME: the seeded cache (conftest)
    renamed = {"torch_dtype", "rope_theta", "rope_scaling"}  # moved by transformers 5
    for key, value in values.items():
        if not key.startswith("_") and key not in renamed:
            assert getattr(config, key) == value, key


def test_the_chat_model_resolves_at_its_hub_revision_to_the_pypi_file() -> None:
    path = Path(hf_hub_download(H.GGUF_REPO, H.GGUF_FILE, revision=H.GGUF_REVISION))
    shipped = H.FILES[0].source.locate(ROOT)
    assert shipped.name == path.name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert path.resolve().name == hashlib.sha256(shipped.read_bytes()).hexdigest()


def test_prepare_names_the_repository_file_behind_each_seeded_config() -> None:
    """What a chapter opens when it loads a config by hub id maps back to the JSON file a
    contributor edits, so snipexec records (and names) that file."""
    made = run_prepare(ROOT, "scripts.hub_cache:prepare")
    config = Path(hf_hub_download("Qwen/Qwen3-0.6B", "config.json"))  # what the chapter opens
    assert made[config.resolve()] == ROOT / "snippets/model_configs/qwen3-0.6b.json"
    assert len(made) == len([f for f in H.FILES if f.source.strip_notes])  # PyPI files: by version


def test_the_builds_gguf_speedups_load_the_same_model_and_tokenizer(monkeypatch: pytest.MonkeyPatch) -> None:
    """scripts/gguf_speedups.py memoises gguf's parsing in the build's kernels: what it
    loads must equal what transformers loads without it, tensor for tensor."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from scripts import gguf_speedups

    path = Path(hf_hub_download(H.GGUF_REPO, H.GGUF_FILE, revision=H.GGUF_REVISION))

    def load() -> tuple[dict[str, torch.Tensor], str, dict[str, Any]]:
        tokenizer = AutoTokenizer.from_pretrained(path.parent, gguf_file=path.name)
        model = AutoModelForCausalLM.from_pretrained(path.parent, gguf_file=path.name)
        # The whole tokenizer (vocabulary, merges, normaliser, special tokens) and config.
        return model.state_dict(), tokenizer.backend_tokenizer.to_str(), model.config.to_dict()

    gguf_speedups.uninstall()  # conftest installs it for every test
    try:
        plain_weights, plain_tokenizer, plain_config = load()
    finally:
        gguf_speedups.install()
    # warm() parses the file, as the suite's forking processes do; the tokenizer's, the
    # config's and the model's loads are served from the memos (one parse in all), so
    # these values and tensors are the memos'.
    parses = []
    parse = gguf_speedups._Reader.__init__
    monkeypatch.setattr(gguf_speedups._Reader, "__init__", lambda *args: parses.append(1) or parse(*args))
    gguf_speedups.warm(path)
    values, maps = len(gguf_speedups._parsed), len(gguf_speedups._maps)
    fast_weights, fast_tokenizer, fast_config = load()
    assert len(parses) == 1
    assert values > 100_000 and maps == 1  # the loads added nothing to the memos:
    assert (len(gguf_speedups._parsed), len(gguf_speedups._maps)) == (values, maps)
    assert fast_tokenizer == plain_tokenizer and '"merges"' in plain_tokenizer
    assert fast_config == plain_config
    assert fast_weights.keys() == plain_weights.keys()
    for name, tensor in plain_weights.items():
        assert torch.equal(fast_weights[name], tensor), name
    reader = gguf_speedups.CachedGGUFReader(path)  # the memo's: a plain view, still read-only
    assert type(reader.data) is np.ndarray and not reader.data.flags.writeable


def test_prepare_hook_calls_the_function_with_the_root_and_the_kernel_env(tmp_path: Path) -> None:
    code = "import os\nCALLS = []\ndef go(root):\n    CALLS.append((root, os.environ['TT_HOME']))\n"
    (tmp_path / "tt_prep.py").write_text(code)
    run_prepare(tmp_path, "tt_prep:go", {"TT_HOME": "/x"})
    assert sys.modules["tt_prep"].CALLS == [(tmp_path, "/x")]
    assert "TT_HOME" not in os.environ
    assert str(tmp_path) not in sys.path
    with pytest.raises(PrepareError, match="tt_prep:nothing"):
        run_prepare(tmp_path, "tt_prep:nothing")
    with pytest.raises(PrepareError, match="module:function"):
        run_prepare(tmp_path, "no-colon")
