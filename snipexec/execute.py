"""Execute: run each chapter's snippets in one Jupyter kernel, in page order, with a cache.

In:  :class:`~snipexec.collect.Chapter` objects and :class:`Settings`.
Out: one :class:`ChapterRun` per chapter: the executed notebook (one code cell per
     snippet, outputs attached) or the :class:`~snipexec.errors.ExecutionError` that
     stopped it, with why it ran (or that it came from the cache) and what it measured.

Libraries do the work: nbformat builds the notebook, nbclient runs it with per-cell
timeouts, jupyter-cache stores executed notebooks keyed on every code cell of the
chapter. Beside each cached notebook we keep what its run depended on, as the probe in
the kernel recorded it (``snipexec.probe``, ``snipexec.deps``): every file it read or
imported, with content hashes, and every distribution's version. A chapter is reused
only if its code is the same and none of that changed. Chapters run concurrently: each
kernel is its own process, driven from one asyncio loop.
"""

from __future__ import annotations

import ast
import asyncio
import atexit
import functools
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import nbformat
from filelock import FileLock
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn, JupyterCacheAbstract
from jupyter_cache.cache.db import DB_NAME, NbCacheRecord
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async
from nbformat import NotebookNode
from sqlalchemy.exc import SQLAlchemyError
from traitlets.config import Config

from snipexec import deps
from snipexec.collect import ROLE, Chapter, InlineValue, Snippet
from snipexec.errors import ExecutionError, InlineValueError
from snipexec.outputs import ANSI, fit_stream, shape
from snipexec.prepare import load_function

# IPython kernel settings that make figures SVG and byte-identical between builds (no
# date in the SVG metadata, fixed salt for matplotlib's ids), keep no history database
# (kernels run side by side and are killed when done; In/Out stay in memory), start the probe that
# records what the chapter reads and refuses writes into the project, and add a dark
# render to every figure (snipexec.figures).
KERNEL_CONFIG = """\
c.InlineBackend.figure_formats = {"svg"}
c.InlineBackend.print_figure_kwargs = {"bbox_inches": "tight", "metadata": {"Date": None}}
c.InlineBackend.rc = {"svg.hashsalt": "the-tested-transformer", "figure.dpi": 100}
c.HistoryManager.enabled = False
c.InteractiveShellApp.exec_lines = [
    "__import__('snipexec.probe').probe.install()",
    "__import__('snipexec.figures').figures.install()",
]
"""
# The dark render of figures and the probe's record are made in the kernel: editing
# either must re-run chapters.
FIGURES = Path(__file__).with_name("figures.py")
PROBE = Path(__file__).with_name("probe.py")

# Kernel environment that decides outputs (part of every dependency record). One thread:
# chapters already run side by side, and float sums come out the same in every build
# only when the thread count is fixed.
FIXED_ENV = {
    "PYTHONHASHSEED": "0",
    "PYTHONDONTWRITEBYTECODE": "1",
    "SOURCE_DATE_EPOCH": "0",
    "HF_HUB_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}

MACHINERY = str(Path(__file__).resolve().parent)  # this package's folder
ACCESS_TOUCH = timedelta(days=1)  # how stale a reused record's access time may get
REPORT_EXPRESSION = "__import__('snipexec.probe').probe.report()"
T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    """Where things are and the limits a run obeys."""

    root: Path  # project root: the kernel's working directory, holds the snippets package
    cache_dir: Path  # executed notebooks live below it; delete it to start afresh
    timeout: int = 900  # seconds a single snippet may run
    max_output_lines: int = 200  # longer stream output is cut, with a visible note
    max_output_chars: int = 20_000
    jobs: int = os.cpu_count() or 1  # chapters executed at once
    use_cache: bool = True
    # Extra kernel environment from the project's configuration (mkdocs.yml, snipexec's
    # `env:`), e.g. HF_HOME; "{root}" in a value stands for the project root.
    env: dict[str, str] = field(default_factory=dict)
    # Derived file (resolved) -> the project file it was made from, from the prepare step:
    # a chapter reading the first records the second too (see snipexec.prepare).
    sources: dict[Path, Path] = field(default_factory=dict)
    # "module:function" every kernel calls at start, after the probe (see snipexec.probe).
    kernel_setup: str = ""
    # Under `mkdocs serve`: a snipexec.session.Sessions that resumes stale chapters at the
    # snippet that changed. Its runs are never stored in the cache.
    sessions: Any = None

    @property
    def writable(self) -> Path:
        """The one folder of the project tree that snippets may write into."""
        return self.root / ".cache"


@dataclass
class ChapterRun:
    """The outcome of one chapter: its notebook, or the error that stopped it."""

    chapter: Chapter
    notebook: NotebookNode
    error: ExecutionError | None = None
    from_cache: bool = False
    reasons: list[str] = field(default_factory=list)  # why it ran; empty if from the cache
    # Stored beside the cached notebook: "deps" (snipexec.deps), "snippets" (per snippet:
    # "seconds", "peak_mib"), "ran_at" (ISO time), "seconds" (the whole chapter), and
    # "inline": each of the chapter's inline values in page order, {"expression", "text"}.
    record: dict[str, Any] = field(default_factory=dict)


@dataclass
class Freshness:
    """Whether a chapter's cached run can be reused, and if not, why."""

    chapter: Chapter
    notebook: NotebookNode  # the cached, executed notebook when fresh; else unexecuted
    reasons: list[str]
    record: dict[str, Any]

    @property
    def fresh(self) -> bool:
        return not self.reasons


def kernel_settings(settings: Settings) -> str:
    """Hash of everything about the kernel that is not a file or a package version."""
    fixed = [sorted(FIXED_ENV.items()), sorted(settings.env.items()), settings.kernel_setup]
    text = KERNEL_CONFIG + json.dumps(fixed) + FIGURES.read_text() + PROBE.read_text()
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def build_notebook(chapter: Chapter, timeout: int) -> NotebookNode:
    """One code cell per snippet, in page order, with stable ids (for identical builds).

    The inline values that follow a snippet on the page are listed in its cell's metadata
    (``inline``), which jupyter-cache hashes with the code: a changed expression is a run
    of its own, never an old value. A cell with none has no such key (a page without
    inline values keeps the cache key it had before they existed).

    The notebook and its cells are written out rather than made by ``nbformat.v4``'s
    ``new_notebook`` and ``new_code_cell``, which check each against the schema (~4 ms a
    chapter, and ~40 ms to compile the validator in a build that validates nothing
    else) although their shape is fixed here; a test validates it.
    """
    nb = nbformat.from_dict(
        {"nbformat": 4, "nbformat_minor": nbformat.v4.nbformat_minor, "metadata": {}, "cells": []}
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.from_dict(
            {
                "id": f"snippet-{index}",
                "cell_type": "code",
                "metadata": {
                    "snippet": snippet.display_path,
                    "timeout": snippet.options.get("timeout", timeout),
                },
                "execution_count": None,
                "source": snippet.code.rstrip("\n"),
                "outputs": [],
            }
        )
        for index, snippet in enumerate(chapter.snippets)
    ]
    for value in chapter.values:
        nb.cells[value.after].metadata.setdefault("inline", []).append(value.source)
    return nb


def inline_expression(value: InlineValue) -> str:
    """What the kernel evaluates for an inline value: its ``str()``, as an f-string or
    ``print`` shows it (the newline ends a comment the expression may end with)."""
    return f"str(({value.source}\n))"


def inline_result(chapter: Chapter, value: InlineValue, reply: dict[str, Any]) -> dict[str, str]:
    """``{"expression", "text"}`` of an inline value from the kernel's reply to
    :func:`inline_expression` (``{"status": "ok", "data": {"text/plain": repr}}`` or
    ``{"status": "error", "ename", "evalue"}``); :class:`InlineValueError` if it raised or
    its text is more than one line."""
    after = chapter.snippets[value.after].file
    role = f"{ROLE}`{value.source}`"
    if reply.get("status") != "ok":
        name, text = reply.get("ename", "Error"), reply.get("evalue", "")
        raise InlineValueError(chapter.page, value.page_line, after, f"{role} raised {name}: {text}")
    text = ast.literal_eval(reply["data"]["text/plain"])
    if "\n" in text:
        raise InlineValueError(
            chapter.page,
            value.page_line,
            after,
            f"{role} gives more than one line of text (format it, e.g. with an f-string): {text!r}",
        )
    return {"expression": value.source, "text": text}


class Cache:
    """jupyter-cache's store, plus the dependency check that decides reuse.

    Two builds may share the cache at once (a `serve` and a `build`, two CI jobs): every
    use of jupyter-cache (its SQLite database and notebook files, which it writes in
    several steps) holds a lock file, so each sees the other's work whole or not at all.
    A damaged cache is a miss, never a crash: a database SQLite cannot read is moved aside
    with its notebooks (``notebooks.damaged``) for a fresh one, and a cached notebook or
    memo that cannot be read is dropped; each says so in one line, and its chapters run.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        settings.cache_dir.mkdir(parents=True, exist_ok=True)
        self.lock = FileLock(settings.cache_dir / "notebooks.lock")
        self.store: JupyterCacheAbstract = get_cache(settings.cache_dir / "notebooks")
        self._database: tuple[int, int] | None = None  # the database file the store opened
        self.hashes = deps.FileHashes(settings.cache_dir / "file-hashes.json")
        self.machine = deps.Machine(
            root=settings.root,
            cache_dir=settings.cache_dir,
            kernel=kernel_settings(settings),
            packages=deps.installed_packages(),
            sources=self.settings.sources,
        )
        self._all_records: dict[int, Any] | None = None

    def _locked(self, action: Callable[[], T]) -> T:
        """Run `action` on jupyter-cache, one process at a time; a damaged database is moved
        aside for a fresh one and the action runs again there."""
        with self.lock:
            self._reopen_if_replaced()
            try:
                result = action()
            except Exception as error:
                if not _broken_database(error):
                    raise
                self._move_aside(error)
                result = action()
            self._database = _file_id(self.store.path / DB_NAME)
            return result

    def _reopen_if_replaced(self) -> None:
        """Another build moved a damaged database aside: open the fresh one, not the old file."""
        if self._database is not None and _file_id(self.store.path / DB_NAME) != self._database:
            self.store.db.dispose()
            self.store = get_cache(self.settings.cache_dir / "notebooks")

    def _move_aside(self, error: Exception) -> None:
        folder = self.store.path
        aside = folder.with_name(folder.name + ".damaged")
        self.store.db.dispose()
        shutil.rmtree(aside, ignore_errors=True)
        folder.replace(aside)  # the database with its journal and notebooks
        reason = str(getattr(error, "orig", None) or error.__cause__ or error).splitlines()[0]
        deps.warn_damaged(folder / DB_NAME, reason, f"moved aside to {aside.name}; its chapters run again")
        self.store = get_cache(folder)

    def check(self, chapter: Chapter) -> Freshness:
        nb = build_notebook(chapter, self.settings.timeout)
        uri = _uri(chapter, self.settings.root)
        found = self._remembered(uri, nb)
        if found is None:
            try:
                # One lookup (hashing the cells is the costly part): the cached run's outputs
                # merged into these cells, used only if nothing the run read has changed.
                record, merged = self._locked(lambda: self._lookup(uri, nb))
            except KeyError:  # no run of this code (or its notebook file is gone)
                return Freshness(chapter, nb, self._code_changes(chapter, uri), {})
            except (OSError, ValueError, TypeError, AttributeError, IndexError) as error:
                # Its notebook file cannot be read (cut short, random bytes, not a notebook)
                self._locked(functools.partial(self._drop, nb, error))
                return Freshness(chapter, nb, ["its cached run was damaged"], {})
        else:
            record, merged = found
        data = record.data if isinstance(record.data, dict) else {}
        if not isinstance(data.get("deps"), dict):
            return Freshness(chapter, nb, ["no dependency record"], data)
        try:
            reasons = deps.changes(data["deps"], self.machine, self.hashes)
        except (AttributeError, TypeError, ValueError):
            reasons = ["its dependency record is damaged"]
        if reasons:
            return Freshness(chapter, nb, reasons, data)
        return Freshness(chapter, merged, [], data)

    def _lookup(self, uri: str, nb: NotebookNode) -> tuple[Any, NotebookNode]:
        pk, merged = self.store.merge_match_into_notebook(nb)
        record = self.store.get_cache_record(pk)
        self._remember(uri, nb, record, merged)
        return record, merged

    def _drop(self, nb: NotebookNode, error: Exception) -> None:
        record = self.store.match_cache_notebook(nb)
        path = self.store.path / "executed" / record.hashkey
        deps.warn_damaged(path, f"{type(error).__name__}: {error}".splitlines()[0], "its chapter runs again")
        shutil.rmtree(path, ignore_errors=True)
        NbCacheRecord.remove_records([record.pk], self.store.db)

    # jupyter-cache's lookup above hashes the cells, validates notebooks against two schema
    # versions (compiling a validator for each on first use), and commits an access time:
    # ~0.2 s for 18 chapters, a third of what a warm build costs beyond one with execution
    # off. So each chapter's merged notebook is also kept (when a run is stored, and when
    # the lookup finds one), with the identity of the record it came from, and reused
    # while these cells and that record are unchanged. A record
    # is never changed in place (a run of the same cells is stored as a new record), so
    # this is what the lookup would return; its dependency record is still read and
    # checked afresh from jupyter-cache's database on every build.

    def _memo(self, uri: str) -> Path:
        return self.settings.cache_dir / "merged" / (hashlib.sha256(uri.encode()).hexdigest()[:16] + ".json")

    @staticmethod
    def _cells_key(nb: NotebookNode) -> str:
        versions = [deps.installed_packages().get(name) for name in ("jupyter-cache", "nbformat")]
        return hashlib.sha256(json.dumps([nb, versions], sort_keys=True).encode()).hexdigest()

    def _records(self) -> dict[int, Any]:
        """Every record (with its data), read in one query and kept for this check."""
        if self._all_records is None:
            records = self._locked(lambda: self.store.list_cache_records())
            self._all_records = {r.pk: r for r in records}
        return self._all_records

    def _remembered(self, uri: str, nb: NotebookNode) -> tuple[Any, NotebookNode] | None:
        path = self._memo(uri)
        try:
            memo = json.loads(path.read_bytes())
            key, notebook = memo["cells"], nbformat.from_dict(memo["notebook"])
            pk, identity = memo["pk"], memo["record"]
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, KeyError) as error:  # cut short, or not a memo
            deps.warn_damaged(path, type(error).__name__, "ignored (the cache's own lookup runs)")
            return None
        record = self._records().get(pk)
        if record is None or key != self._cells_key(nb) or self._identity(record) != identity:
            return None
        accessed = record.accessed or datetime.min
        if datetime.now(UTC).replace(tzinfo=None) - accessed > ACCESS_TOUCH:
            # jupyter-cache evicts the least recently accessed
            self._locked(lambda: NbCacheRecord.touch(record.pk, self.store.db))
        return record, notebook

    @staticmethod
    def _identity(record: Any) -> list[str]:
        data = hashlib.sha256(json.dumps(record.data, sort_keys=True).encode()).hexdigest()
        return [record.hashkey, record.created.isoformat(), data]

    def _remember(self, uri: str, nb: NotebookNode, record: Any, merged: NotebookNode) -> None:
        memo = {
            "cells": self._cells_key(nb),
            "pk": record.pk,
            "record": self._identity(record),
            "notebook": merged,
        }
        deps.write_whole(self._memo(uri), json.dumps(memo))

    def expected_seconds(self, chapter: Chapter) -> float:
        """How long the chapter's last recorded run took; never-run chapters count as
        longest (ordered by their number of snippets), so they start first."""
        uri = _uri(chapter, self.settings.root)
        runs = [r for r in self._locked(lambda: self.store.list_cache_records()) if r.uri == uri and _data(r)]
        if not runs:
            return 1e9 + len(chapter.snippets)
        seconds = max(runs, key=lambda r: r.created).data.get("seconds", 0.0)
        return float(seconds) if isinstance(seconds, int | float) else 0.0

    def _code_changes(self, chapter: Chapter, uri: str) -> list[str]:
        """Say which snippets differ from the last run of the same page."""
        previous = [r for r in self._locked(lambda: self.store.list_cache_records()) if r.uri == uri]
        if not previous:
            return ["never run"]
        last = _data(max(previous, key=lambda r: r.created))
        old = {s["snippet"]: s.get("code") for s in last.get("snippets", [])}
        reasons = []
        for k, snippet in enumerate(chapter.snippets, start=1):
            if snippet.display_path not in old:
                reasons.append(f"snippet {k} ({snippet.display_path}) added")
            elif old[snippet.display_path] != _code_hash(snippet):
                reasons.append(f"snippet {k} ({snippet.display_path}) edited")
        now = {s.display_path for s in chapter.snippets}
        reasons += [f"{path} removed" for path in old if path not in now]
        if [v.get("expression") for v in last.get("inline", [])] != [v.source for v in chapter.values]:
            reasons.append(f"its inline values ({ROLE}) changed")
        return reasons or ["snippets reordered or their options changed"]

    def store_run(self, run: ChapterRun) -> None:
        uri = _uri(run.chapter, self.settings.root)
        nb = build_notebook(run.chapter, self.settings.timeout)

        def store() -> None:
            self.store.cache_notebook_bundle(
                CacheBundleIn(run.notebook, uri=uri, data=run.record), check_validity=False, overwrite=True
            )
            # What the next build's lookup will return, remembered now: the first warm
            # build after a run is as quick as the ones after it.
            self._lookup(uri, nb)

        self._locked(store)

    def save(self) -> None:
        self.hashes.save()


def _broken_database(error: Exception) -> bool:
    """SQLite cannot use the database (cut short, not a database, tables missing): any
    SQLAlchemy error, or jupyter-cache's RuntimeError around one; not a busy database
    (the lock keeps our own builds out of each other's way)."""
    cause = error if isinstance(error, SQLAlchemyError) else error.__cause__
    return isinstance(cause, SQLAlchemyError) and "locked" not in str(cause)


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _data(record: Any) -> dict[str, Any]:
    """A record's data, {} if it is not what store_run writes (a foreign or damaged record)."""
    return record.data if isinstance(record.data, dict) else {}


def check_chapters(chapters: list[Chapter], settings: Settings) -> list[Freshness]:
    """Fresh or stale, with reasons, for each chapter; executes nothing."""
    cache = Cache(settings)
    try:
        return [cache.check(chapter) for chapter in chapters]
    finally:
        cache.save()


def run_chapters(chapters: list[Chapter], settings: Settings) -> list[ChapterRun]:
    """Run (or fetch from cache) every chapter; results come back in the given order."""
    cache = Cache(settings)
    runs: list[ChapterRun | None] = [None] * len(chapters)
    pending: list[tuple[int, Freshness]] = []
    for i, chapter in enumerate(chapters):
        if settings.use_cache:
            found = cache.check(chapter)
        else:
            found = Freshness(chapter, build_notebook(chapter, settings.timeout), ["forced"], {})
        if found.fresh or not chapter.snippets:
            runs[i] = ChapterRun(chapter, found.notebook, from_cache=True, record=found.record)
        else:
            pending.append((i, found))

    uris = [_uri(found.chapter, settings.root) for _, found in pending]
    if pending and settings.sessions is not None and settings.sessions.reserve(uris):
        for (i, found), run in zip(pending, _resume_all(pending, cache, settings), strict=True):
            run.reasons = found.reasons + run.reasons if not run.from_cache else []
            runs[i] = run
        pending = []
    if pending and settings.kernel_setup:
        # Checked here, not on every build: importing it costs a warm build time for nothing.
        load_function(settings.root, settings.kernel_setup, "kernel_setup")
    if pending:
        deps.owners_file(settings.cache_dir)  # once, before any chapter's clock starts
        # Longest first: with one kernel per core, the wall time is then close to
        # max(longest chapter, total / cores) instead of ending on a long straggler.
        pending.sort(key=lambda item: -cache.expected_seconds(item[1].chapter))
        work = [(found.chapter, found.notebook) for _, found in pending]
        executed = asyncio.run(_execute_all(work, settings))
        for (i, found), run in zip(pending, executed, strict=True):
            run.reasons = found.reasons
            runs[i] = run
            if run.error is None:
                run.record["deps"] = deps.record(run.record.pop("report"), cache.machine, cache.hashes)
                cache.store_run(run)
    cache.save()
    return [run for run in runs if run is not None]


def _resume_all(pending: list[tuple[int, Freshness]], cache: Cache, settings: Settings) -> list[ChapterRun]:
    """Each stale chapter from its session (snipexec.session), side by side: the work
    happens in the sessions' processes, these threads only wait for it."""

    def one(found: Freshness) -> ChapterRun:
        uri = _uri(found.chapter, settings.root)
        return settings.sessions.run(
            uri, found.chapter, found.notebook, settings, cache.machine, cache.hashes
        )

    with ThreadPoolExecutor(max(1, settings.jobs)) as pool:
        return list(pool.map(one, [found for _, found in pending]))


async def _execute_all(work: list[tuple[Chapter, NotebookNode]], settings: Settings) -> list[ChapterRun]:
    gate = asyncio.Semaphore(max(1, settings.jobs))

    async def one(chapter: Chapter, nb: NotebookNode) -> ChapterRun:
        async with gate:
            return await _execute(chapter, nb, settings)

    return list(await asyncio.gather(*(one(c, nb) for c, nb in work)))


def kernel_env(settings: Settings) -> dict[str, str]:
    """Environment of a chapter's kernel: reproducible, offline, able to import `snippets`."""
    ipython_dir = settings.cache_dir / "ipython"
    profile = ipython_dir / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    config = profile / "ipython_kernel_config.py"
    if not config.exists() or config.read_text() != KERNEL_CONFIG:
        deps.write_whole(config, KERNEL_CONFIG)  # another build's kernel may be reading it
    env = dict(os.environ)
    env.update(
        FIXED_ENV,
        IPYTHONDIR=str(ipython_dir),
        PYTHONPATH=os.pathsep.join(filter(None, [str(settings.root), env.get("PYTHONPATH")])),
        SNIPEXEC_ROOT=str(settings.root),
        SNIPEXEC_WRITABLE=str(settings.writable),
        SNIPEXEC_KERNEL_SETUP=settings.kernel_setup,
        SNIPEXEC_OWNERS=str(deps.owners_file(settings.cache_dir)),
    )
    env.update({k: v.replace("{root}", str(settings.root)) for k, v in settings.env.items()})
    env.pop("MPLBACKEND", None)  # let the kernel pick its inline backend
    return env


class BoundedClient(NotebookClient):
    """nbclient's client with stream output capped *while it arrives*, so a snippet that
    prints millions of lines (or prints forever, until its timeout) cannot fill memory.
    What is left out is counted for the truncation note (``snipexec.outputs.truncate``)."""

    def __init__(self, nb: NotebookNode, max_chars: int, **kwargs: Any) -> None:
        super().__init__(nb, **kwargs)
        self.max_chars = max_chars
        self.stream_chars: dict[int, int] = defaultdict(int)
        self.dropped: dict[int, int] = defaultdict(int)

    def output(
        self, outs: list[NotebookNode], msg: dict[str, Any], display_id: str | None, cell_index: int
    ) -> NotebookNode | None:
        if msg["msg_type"] == "stream":
            text: str = msg["content"]["text"]
            kept = fit_stream(text, self.stream_chars[cell_index], self.max_chars)
            if len(kept) < len(text):
                self.dropped[cell_index] += len(text) - len(kept)
                if not kept:
                    return None
                msg = {**msg, "content": {**msg["content"], "text": kept}}
            self.stream_chars[cell_index] += len(kept)
        return super().output(outs, msg, display_id, cell_index)


class KernelStartError(Exception):
    """The chapter's kernel did not start or did not answer; no snippet ran."""


async def _execute(chapter: Chapter, nb: NotebookNode, settings: Settings) -> ChapterRun:
    started = time.perf_counter()
    ran_at = datetime.now(UTC).isoformat(timespec="seconds")
    # A kernel that fails to start is the machine's hiccup (a loaded machine, say), not
    # the chapter's: nothing has run yet, so one more try is sound.
    try:
        try:
            error, measured, report, dropped, values = await _execute_in_a_kernel(chapter, nb, settings)
        except KernelStartError:
            error, measured, report, dropped, values = await _execute_in_a_kernel(chapter, nb, settings)
    except KernelStartError as exc:
        first = chapter.snippets[0]
        message = f"could not run: the Python kernel did not start ({exc})"
        error = snippet_error(chapter, first, first.first_line, message)
        measured, report, dropped, values = [], None, defaultdict(int), []
    for index, cell in enumerate(nb.cells):
        cell.outputs = shape(
            cell.get("outputs", []),
            settings.max_output_lines,
            settings.max_output_chars,
            dropped[index],
        )
    record: dict[str, Any] = {
        "snippets": measured,
        "ran_at": ran_at,
        "seconds": round(time.perf_counter() - started, 3),
        "report": report,
    }
    if chapter.values:
        record["inline"] = values
    return ChapterRun(chapter, nb, error, record=record)


@contextmanager
def kernel_sockets() -> Iterator[dict[str, str]]:
    """KernelManager settings that give one kernel Unix sockets in a folder of its own
    (removed afterwards), not TCP ports: jupyter_client picks a TCP port by binding and
    releasing it, and another kernel starting at the same moment (side by side here, or
    in another build) can take it before ours binds it; the kernel then dies before it
    answers (jupyter/jupyter_client#154). The folder matters too: jupyter_client's default
    socket name is relative to the kernel's working folder, which chapters share.
    Windows has no Unix sockets there: TCP."""
    if os.name != "posix":
        yield {}
        return
    with tempfile.TemporaryDirectory(prefix="snipexec-") as folder:
        yield {"transport": "ipc", "ip": os.path.join(folder, "kernel")}


def _client(nb: NotebookNode, settings: Settings, sockets: dict[str, str]) -> BoundedClient:
    return BoundedClient(
        nb,
        settings.max_output_chars,
        config=Config({"KernelManager": sockets}),
        # The kernel's own warnings (e.g. about its transport) are not the
        # contributor's business; a snippet's errors still come back as cell outputs.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        timeout_func=lambda cell: cell.metadata.get("timeout", settings.timeout),
        kernel_name="python3",
        allow_errors=False,
        record_timing=False,  # timings in cell metadata would change the cache key
        # Killed once its report is read: a graceful shutdown waits up to 1 s per
        # chapter for the kernel to tear itself down, and nothing it would save is used.
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(settings.root)}},
    )


async def _execute_in_a_kernel(
    chapter: Chapter, nb: NotebookNode, settings: Settings
) -> tuple[
    ExecutionError | None, list[dict[str, Any]], dict[str, Any] | None, dict[int, int], list[dict[str, str]]
]:
    """Run the chapter's cells in one fresh kernel: the error that stopped them, what each
    measured, the probe's report, how much stream output each cell dropped, and the text
    of the inline values (each evaluated right after the snippet above it)."""
    error: ExecutionError | None = None
    measured: list[dict[str, Any]] = []
    report: dict[str, Any] | None = None
    values: list[dict[str, str]] = []  # {"expression", "text"} (see inline_result)
    async with AsyncExitStack() as stack:
        client = _client(nb, settings, stack.enter_context(kernel_sockets()))
        try:
            await stack.enter_async_context(client.async_setup_kernel(env=kernel_env(settings)))
        except Exception as exc:
            # nbclient has stopped what it started, but leaves its exit hook behind, which
            # would fail at exit on the manager it has already let go of.
            atexit.unregister(client._cleanup_kernel)
            raise KernelStartError(str(exc) or type(exc).__name__) from exc
        assert client.kc is not None and client.km is not None
        await client.async_wait_for_reply(await ensure_async(client.kc.kernel_info()))
        pid = _kernel_pid(client)
        _share_our_priority(pid)
        for index, (cell, snippet) in enumerate(zip(nb.cells, chapter.snippets, strict=True)):
            _reset_peak_memory(pid)
            start = time.perf_counter()
            try:
                await client.async_execute_cell(cell, index, execution_count=index + 1)
            except CellTimeoutError:
                limit = cell.metadata["timeout"]
                error = snippet_error(
                    chapter,
                    snippet,
                    snippet.first_line,
                    f"timed out after {limit} s and was stopped (raise the limit with "
                    "`timeout=` on its !snippet line, or `timeout:` in mkdocs.yml)",
                )
            except DeadKernelError as exc:
                error = snippet_error(
                    chapter,
                    snippet,
                    snippet.first_line,
                    f"the Python kernel died while running it ({exc})",
                )
            except CellExecutionError:
                error = raised_error(chapter, snippet, cell)
            measured.append(measurement(snippet, time.perf_counter() - start, pid))
            if error is None:
                error = await _evaluate_inline(client, chapter, index, cell, values)
            if error is not None:
                break
        if error is None:
            report = await _ask_report(client)
            if report is None:
                last = chapter.snippets[-1]
                error = snippet_error(
                    chapter, last, last.first_line, "its dependencies could not be recorded"
                )
    return error, measured, report, client.dropped, values


async def _evaluate_inline(
    client: NotebookClient, chapter: Chapter, index: int, cell: NotebookNode, values: list[dict[str, str]]
) -> ExecutionError | None:
    """Append the text of the inline values that follow snippet `index` to `values`, or
    return the error of the first that fails. Silent requests: no execution count, no
    ``_`` or ``Out``, nothing in the notebook, so the session a reader pastes is unchanged."""
    following = [value for value in chapter.values if value.after == index]
    if not following:
        return None
    snippet = chapter.snippets[index]
    expressions = {str(k): inline_expression(v) for k, v in enumerate(following)}
    try:
        replies = await _user_expressions(client, expressions, cell)
    except CellTimeoutError:
        message = f"the inline values after it timed out after {cell.metadata['timeout']} s"
        return snippet_error(chapter, snippet, snippet.first_line, message)
    except DeadKernelError as exc:
        message = f"the Python kernel died evaluating the inline values after it ({exc})"
        return snippet_error(chapter, snippet, snippet.first_line, message)
    for k, value in enumerate(following):
        try:
            values.append(inline_result(chapter, value, replies.get(str(k), {})))
        except InlineValueError as failed:
            return failed
    return None


async def _user_expressions(
    client: NotebookClient, expressions: dict[str, str], cell: NotebookNode | None = None
) -> dict[str, Any]:
    """Evaluate `expressions` through one silent request that leaves no trace in the
    notebook; each reply is ``{"status": "ok", "data": {...}}`` or an error's. `cell`:
    whose timeout applies (none: no limit)."""
    assert client.kc is not None
    msg_id = await ensure_async(
        client.kc.execute("", silent=True, store_history=False, user_expressions=expressions)
    )
    reply = await client.async_wait_for_reply(msg_id, cell)
    # Wait until the kernel has finished the request (it says "idle"): interrupting a
    # kernel mid-request, as shutting it down does, makes it log a KeyboardInterrupt.
    while True:
        msg = await ensure_async(client.kc.get_iopub_msg(timeout=60))
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status":
            if msg["content"]["execution_state"] == "idle":
                break
    return (reply or {}).get("content", {}).get("user_expressions") or {}


async def _ask_report(client: NotebookClient) -> dict[str, Any] | None:
    """The probe's record, read through a silent request that leaves no trace in the notebook."""
    value = (await _user_expressions(client, {"r": REPORT_EXPRESSION})).get("r", {})
    if value.get("status") != "ok":
        return None
    return json.loads(ast.literal_eval(value["data"]["text/plain"]))


def _kernel_pid(client: NotebookClient) -> int | None:
    process = getattr(getattr(client.km, "provisioner", None), "process", None)
    return getattr(process, "pid", None)


def _share_our_priority(pid: int | None) -> None:
    """Give the kernel our CPU priority. jupyter_client starts each kernel in a session of
    its own (so that an interrupt reaches only it), and under Linux's autogroup scheduling
    a session is a scheduling group whose share of the CPU follows the group's nice value,
    not its processes': a kernel of ``nice mkdocs build`` competed as an equal with all
    the rest of the desktop (measured in the test suite: tests at nice 0 got about a
    third of a core beside the niced build's kernels)."""
    niceness = os.nice(0)
    if pid is None or niceness <= 0:
        return
    try:
        Path(f"/proc/{pid}/autogroup").write_text(str(niceness))
    except OSError:
        pass  # not Linux, or no autogroups: the kernel's own nice value applies


def _reset_peak_memory(pid: int | None) -> None:
    """Reset the kernel's peak resident memory (Linux: "5" into clear_refs resets VmHWM)."""
    if pid is None:
        return
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        pass


def _peak_memory_mib(pid: int | None) -> float | None:
    """The kernel's peak resident memory since the last reset, in MiB (Linux only)."""
    if pid is None:
        return None
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def _uri(chapter: Chapter, root: Path) -> str:
    try:
        return chapter.page.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(chapter.page)


def _code_hash(snippet: Snippet) -> str:
    return hashlib.sha256(snippet.code.encode()).hexdigest()[:16]


def measurement(snippet: Snippet, seconds: float, pid: int | None) -> dict[str, Any]:
    """What a run records of one snippet (see :attr:`ChapterRun.record`)."""
    return {
        "snippet": snippet.display_path,
        "code": _code_hash(snippet),
        "seconds": round(seconds, 3),
        "peak_mib": _peak_memory_mib(pid),
    }


def snippet_error(chapter: Chapter, snippet: Snippet, line: int, message: str) -> ExecutionError:
    return ExecutionError(chapter.page, snippet.page_line, snippet.file, line, message)


def raised_error(chapter: Chapter, snippet: Snippet, cell: NotebookNode) -> ExecutionError:
    """Turn the error output of a cell into an error naming the snippet file's line."""
    out = next((o for o in cell.outputs if o.output_type == "error"), None)
    if out is None:
        return snippet_error(chapter, snippet, snippet.first_line, "raised an error")
    traceback = ANSI.sub("", "\n".join(out.traceback))
    # IPython separates frames by blank lines; the probe's own frames (a refused write)
    # are the build machinery's business, not the contributor's.
    frames_text = traceback.split("\n\n")
    traceback = "\n\n".join(f for f in frames_text if not f.lstrip().startswith(f"File {MACHINERY}"))
    # IPython names cell frames "Cell In[<execution count>], line <n>"; the last one is deepest.
    frames = re.findall(rf"Cell In\[{cell.execution_count}\], line (\d+)", traceback)
    line = snippet.first_line + int(frames[-1]) - 1 if frames else snippet.first_line
    return snippet_error(chapter, snippet, line, f"{out.ename}: {out.evalue}\n{traceback}")
