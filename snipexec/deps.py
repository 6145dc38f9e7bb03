"""Dependencies: what a chapter's run read, and whether any of it has changed since.

In:  the probe's report from the chapter's kernel (``snipexec.probe``: files opened or
     imported, distributions and their versions, the Python version), the project root.
Out: a JSON-able record kept in the chapter's record (``snipexec.records``) —

     ``files``    path -> sha256 (relative to the project root when inside it)
     ``packages`` distribution -> version
     ``python``   ``sys.version``
     ``kernel``   a hash of the kernel's settings (IPython config, fixed environment)
     ``unseen``   why some of its reads cannot be known (a child process): stale always

     — and :func:`changes`, which compares a record with the machine as it is now and
     returns the reasons it is stale (none: the cached outputs can be reused).

Files of the standard library and of installed distributions are covered by the Python
and distribution versions; the snippet cache itself and temporary files are left out.
A model folder (a folder holding weight files) that the chapter read any file from is
recorded whole, because native readers (safetensors, mmap) open weights unseen.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from filelock import FileLock

log = logging.getLogger("snipexec")

# Not ".pth": site-packages holds Python's own .pth path files.
WEIGHT_SUFFIXES = (".safetensors", ".bin", ".gguf", ".pt", ".ckpt", ".npz", ".onnx", ".h5")
SYSTEM_FOLDERS = ("/proc/", "/sys/", "/dev/")
# A file's stat is trusted to stand for its content only once it is older than this
# when hashed: a write in the same timestamp tick as the hashing cannot slip through.
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Machine:
    """What the current machine offers, gathered once per build."""

    root: Path
    cache_dir: Path  # the snippet cache: never a dependency
    kernel: str  # hash of the kernel settings
    packages: dict[str, str]  # normalised distribution name -> installed version
    python: str = sys.version
    # A derived file (resolved path) -> the project file it was made from: reading the
    # first records the second, so the reason a chapter re-runs names the file edited.
    sources: dict[Path, Path] = field(default_factory=dict)


# A core-metadata header line (METADATA and PKG-INFO are RFC 822 headers, then a body).
_HEADER = {field: re.compile(rf"^{field}:[ \t]*(\S.*?)[ \t]*$", re.M) for field in ("Name", "Version")}


@functools.cache
def installed_packages() -> dict[str, str]:
    """Every installed distribution's normalised name and version (one pass, ~15 ms).

    Read once until :func:`forget_installed` (a build calls it first): the freshness
    check and the notebooks' install cells ask for it in the same build. Do not modify it.
    """
    found: dict[str, str] = {}
    for dist in metadata.distributions():
        name, version = _name_and_version(dist)
        if name:
            found.setdefault(normalise(name), version)
    return found


def _name_and_version(dist: metadata.Distribution) -> tuple[str | None, str]:
    """The two header fields, read from the header alone: `dist.metadata` parses the
    whole file as an email message, long description included (~0.4 ms a distribution,
    a fifth of a warm build's bookkeeping). Anything unexpected: `dist.metadata`."""
    text = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or ""
    header = text.split("\n\n", 1)[0]
    name, version = (_HEADER[field].search(header) for field in ("Name", "Version"))
    if name is None or version is None:
        meta = dist.metadata
        return meta["Name"], meta["Version"]
    return name.group(1), version.group(1)


@functools.cache
def installed_fingerprint() -> str:
    """A fingerprint of what is installed: :func:`installed_packages` and Python's version."""
    text = json.dumps([sys.version, sorted(installed_packages().items())])
    return hashlib.sha256(text.encode()).hexdigest()


@functools.cache
def packages_distributions() -> Mapping[str, list[str]]:
    """Module -> distributions: it reads every installed RECORD (~1 s). Read once until
    :func:`forget_installed`."""
    return metadata.packages_distributions()


def forget_installed() -> None:
    """Forget what is installed, so the next question reads it again: called as a build
    starts, as under `mkdocs serve` a contributor may install a package between builds."""
    for remembered in (installed_packages, installed_fingerprint, packages_distributions):
        remembered.cache_clear()


def module_owners() -> dict[str, list[str]]:
    """:func:`packages_distributions`, plus each top-level module file a distribution's
    RECORD lists but its ``top_level.txt`` leaves out — an editable install's finder
    (``__editable___<name>_finder.py``), which every kernel imports. Without it the probe
    would search every RECORD for that one file in every chapter (~0.6 s each)."""
    owners = {module: list(dists) for module, dists in packages_distributions().items()}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        for stem in _top_level_modules(dist):
            if name not in owners.get(stem, []):
                owners.setdefault(stem, []).append(name)
    return owners


def _top_level_modules(dist: metadata.Distribution) -> list[str]:
    """The ``.py`` files a distribution puts at the top of site-packages, by module name.

    Read from RECORD itself: ``dist.files`` makes a path object for each of the ~100,000
    files installed here, and importlib_metadata (imported by MkDocs) checks that each
    exists, in every first build of a project: many times slower."""
    record = dist.read_text("RECORD")
    if record is None:  # an egg-info install: its own file list
        return [f.stem for f in dist.files or () if len(f.parts) == 1 and f.suffix == ".py"]
    rows = csv.reader(record.splitlines())  # RECORD is CSV; its paths always use "/"
    return [row[0][: -len(".py")] for row in rows if row and "/" not in row[0] and row[0].endswith(".py")]


def owners_file(cache_dir: Path) -> Path:
    """:func:`module_owners` as a JSON file named by :func:`installed_fingerprint`,
    written once: every chapter's probe reads it instead of computing it (what that saves:
    ``make bench``, "owners memo")."""
    path = cache_dir / f"owners-v2-{installed_fingerprint()[:16]}.json"  # v2: with finders
    if not _is_json_object(path):  # never written, or damaged: (re)write it
        if path.exists():
            warn_damaged(path, "not a JSON object", "made again")
        write_whole(path, json.dumps(module_owners(), sort_keys=True))
    return path


def _is_json_object(path: Path) -> bool:
    try:
        return isinstance(json.loads(path.read_bytes()), dict)
    except (OSError, ValueError):
        return False


def normalise(name: str) -> str:
    """PEP 503 name: "Typing_Extensions" and "typing-extensions" are one distribution."""
    return re.sub(r"[-_.]+", "-", name).lower()


class FileHashes:
    """sha256 of files, remembered by their stat in a JSON file between builds.

    A remembered hash is reused only while size, mtime, ctime and inode are unchanged
    *and* the file had not been modified for ``RACY_NS`` when it was hashed; otherwise the
    file is read again. So a changed file is never missed, and an unchanged model folder
    of hundreds of megabytes is read once.
    """

    def __init__(self, store: Path) -> None:
        self.store = store
        self.changed: set[str] = set()
        self.damaged = False  # the file is to be written whole again, whatever was hashed
        self.known = self._read()

    def _read(self, quiet: bool = False) -> dict[str, list[int | str]]:
        """The remembered hashes; a damaged file is forgotten (files are hashed again)."""
        try:
            known = json.loads(self.store.read_bytes())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            known = None
        kept = {k: v for k, v in known.items() if _hash_entry(v)} if isinstance(known, dict) else {}
        if not quiet and (not isinstance(known, dict) or len(kept) < len(known)):
            warn_damaged(self.store, "not a record of file hashes", "files are hashed again")
            self.damaged = True
        return kept

    def digest(self, path: Path) -> str | None:
        """The file's sha256, or None if it is missing or not a regular file."""
        try:
            st = path.stat()
        except OSError:
            return None
        if not path.is_file():
            return None
        key = str(path)
        stat = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        entry = self.known.get(key)
        if entry is not None and entry[:4] == stat and int(entry[4]) - st.st_mtime_ns > RACY_NS:
            return str(entry[5])
        hashed_at = time.time_ns()
        digest = _sha256(path)
        self.known[key] = [*stat, hashed_at, digest]
        self.changed.add(key)
        return digest

    def save(self) -> None:
        """Add what this build hashed to the file, whole or not at all: another build may
        be saving its own at the same moment (each waits for the other's lock)."""
        if not self.changed and not self.damaged:
            return
        self.store.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(self.store.with_name(self.store.name + ".lock")):
            known = self._read(quiet=True)
            known.update({key: self.known[key] for key in self.changed})
            write_whole(self.store, json.dumps(known, sort_keys=True))
        self.known, self.changed, self.damaged = known, set(), False


def _hash_entry(entry: object) -> bool:
    """[size, mtime_ns, ctime_ns, inode, hashed_at_ns, sha256], as FileHashes writes it."""
    return (
        isinstance(entry, list)
        and len(entry) == 6
        and all(isinstance(n, int) for n in entry[:5])
        and isinstance(entry[5], str)
    )


def write_whole(path: Path, text: str) -> None:
    """Write a file of the cache whole or not at all (a temporary file, then a rename):
    another build may be reading it at this moment, and a full disk cuts a write short."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def warn_damaged(path: Path, what: str, consequence: str) -> None:
    """One line for a damaged cache file: never an error, the cache is only a shortcut."""
    log.warning("snipexec: warning: damaged cache file %s (%s): %s", path, what, consequence)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def dependency_files(paths: list[str], machine: Machine) -> list[Path]:
    """The files a chapter's record keeps: project and model files, not the cache nor tmp."""
    tmp = Path(tempfile.gettempdir()).resolve()
    cache = machine.cache_dir.resolve()
    root = machine.root.resolve()
    kept: set[Path] = set()
    for raw in paths:
        if raw.startswith(SYSTEM_FOLDERS):
            continue
        path = Path(raw)
        real = path.resolve()
        if _inside(real, cache) or (_inside(real, tmp) and not _inside(real, root)):
            continue
        if path.is_file():
            kept.add(path)
    code_folders = {Path(p).resolve() for p in sys.path if p}
    for folder in {p.parent for p in kept} - code_folders:
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        if any(e.name.endswith(WEIGHT_SUFFIXES) for e in entries):
            kept.update(e for e in entries if e.is_file())  # a model folder: all of it
    kept.update(machine.sources[real] for real in {p.resolve() for p in kept} if real in machine.sources)
    return sorted(kept)


def record(report: dict[str, Any], machine: Machine, hashes: FileHashes) -> dict[str, Any]:
    """The dependency record of a run, from the probe's report."""
    files: dict[str, str] = {}
    for path in dependency_files(report["files"], machine):
        digest = hashes.digest(path)
        if digest is not None:
            files[_display(path, machine.root)] = digest
    return {
        "files": dict(sorted(files.items())),
        "packages": dict(sorted(report["packages"].items())),
        "python": report["python"],
        "kernel": machine.kernel,
        "unseen": list(report.get("unseen", [])),
    }


def changes(deps: dict[str, Any], machine: Machine, hashes: FileHashes) -> list[str]:
    """Why a run with this record is stale on this machine; [] if it is fresh."""
    # A run that read what nobody could see is never known to be fresh.
    reasons: list[str] = [str(why) for why in deps.get("unseen", [])]
    if deps.get("python") != machine.python:
        reasons.append(f"Python {_short(deps.get('python'))} → {_short(machine.python)}")
    if deps.get("kernel") != machine.kernel:
        reasons.append("kernel settings changed")
    for name, version in deps.get("packages", {}).items():
        now = machine.packages.get(normalise(name))
        if now != version:
            reasons.append(f"{name} {version} → {now or 'not installed'}")
    changed: dict[str, Path] = {}
    for shown, digest in deps.get("files", {}).items():
        path = Path(shown) if Path(shown).is_absolute() else machine.root / shown
        now = hashes.digest(path)
        if now is None:
            reasons.append(f"{shown} is gone")
        elif now != digest:
            changed[shown] = path
    # A derived file whose source changed too is not news: name only the file edited.
    for shown, path in changed.items():
        source = machine.sources.get(path.resolve())
        if source is None or _display(source, machine.root) not in changed:
            reasons.append(f"{shown} changed")
    return reasons


def _display(path: Path, root: Path) -> str:
    """Project files relative to the root, others absolute: a record made in one clone
    holds for another at another path (CI shards merge records by copying them). The
    probe names files under the root's real path (its watch walks ``realpath(root)``),
    and a root reached through a symbolic link has another: either is the root."""
    path = path.absolute()
    for base in (root.absolute(), root.resolve()):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return str(path)


def _short(version: object) -> str:
    return str(version).split()[0] if version else "unknown"
