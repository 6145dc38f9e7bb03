"""Execute: run each chapter's snippets in one Jupyter kernel, in page order, with a cache.

In:  :class:`~snipexec.collect.Chapter` objects and :class:`Settings`.
Out: one :class:`ChapterRun` per chapter: the executed notebook (one code cell per
     snippet, outputs attached) or the :class:`~snipexec.errors.ExecutionError` that
     stopped it, with why it ran (or that it came from the cache) and what it measured.

Libraries do the work: nbformat builds the notebook, nbclient runs it with per-cell
timeouts. Each chapter's last run is kept as one record (``snipexec.records``): the
executed notebook, keyed on every code cell of the chapter, and what the run depended
on, as the probe in the kernel recorded it (``snipexec.probe``, ``snipexec.deps``):
every file it read or imported, with content hashes, and every distribution's version.
A chapter is reused only if its code is the same and none of that changed. Chapters run concurrently: each
kernel is its own process, driven from one asyncio loop.
"""

from __future__ import annotations

import ast
import asyncio
import atexit
import hashlib
import json
import os
import re
import tempfile
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async
from nbformat import NotebookNode
from traitlets.config import Config

from snipexec import deps, records
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
REPORT_EXPRESSION = "__import__('snipexec.probe').probe.report()"


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
    # SNIPEXEC_EXECUTE=never: every chapter must come from the records (a build after CI's
    # shards ran them); a stale one raises StaleChapters, naming it and why, and runs not.
    forbid_execution: bool = False

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
    # Kept in the chapter's record (snipexec.records): "deps" (snipexec.deps), "snippets" (per snippet:
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
    (``inline``), which the record's key hashes with the code: a changed expression is a run
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
    """The chapters' records (:mod:`snipexec.records`), plus the dependency check that
    decides reuse.

    One plain JSON file per chapter holds its last successful run, written whole: two
    builds at once (a `serve` and a `build`, two CI jobs) need no lock, and a record
    that cannot be read is a miss — one line says so, and its chapter runs.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.hashes = deps.FileHashes(settings.cache_dir / "file-hashes.json")
        self.machine = deps.Machine(
            root=settings.root,
            cache_dir=settings.cache_dir,
            kernel=kernel_settings(settings),
            packages=deps.installed_packages(),
            sources=self.settings.sources,
        )
        self._records: dict[str, dict[str, Any] | None] = {}  # page -> its record, read once
        self._damaged_pages: set[str] = set()

    def _record(self, page: str) -> dict[str, Any] | None:
        """The page's record; None if it never ran or its record is damaged (said once)."""
        if page not in self._records:
            file = records.path(self.settings.cache_dir, page)
            try:
                self._records[page] = records.read(file)
            except records.Damaged as damage:
                self._damaged(page, damage)
        return self._records[page]

    def check(self, chapter: Chapter) -> Freshness:
        nb = build_notebook(chapter, self.settings.timeout)
        page = page_uri(chapter, self.settings.root)
        record = self._record(page)
        if record is None:
            why = "its record was damaged" if page in self._damaged_pages else "never run"
            return Freshness(chapter, nb, [why], {})
        run = record["run"]
        if record["key"] != records.code_key(nb):
            return Freshness(chapter, nb, _code_changes(chapter, run), {})
        try:
            reasons = deps.changes(run["deps"], self.machine, self.hashes)
        except (AttributeError, TypeError, ValueError):
            reasons = ["its dependency record is damaged"]
        if reasons:
            return Freshness(chapter, nb, reasons, run)
        try:
            return Freshness(chapter, records.merged(nb, record), [], run)
        except records.Damaged as damage:  # its key, yet not the chapter's cells
            self._damaged(page, damage)
            return Freshness(
                chapter, build_notebook(chapter, self.settings.timeout), ["its record was damaged"], {}
            )

    def _damaged(self, page: str, damage: records.Damaged) -> None:
        """Say so in one line; the chapter counts as never run."""
        file = records.path(self.settings.cache_dir, page)
        deps.warn_damaged(file, str(damage), "its chapter runs again")
        self._records[page] = None
        self._damaged_pages.add(page)

    def recorded_seconds(self, chapter: Chapter) -> float | None:
        """How long the chapter's last recorded run took; None if it has no record."""
        record = self._record(page_uri(chapter, self.settings.root))
        if record is None:
            return None
        seconds = record["run"].get("seconds", 0.0)
        return float(seconds) if isinstance(seconds, int | float) else 0.0

    def expected_seconds(self, chapter: Chapter) -> float:
        """How long the chapter's last recorded run took; never-run chapters count as
        longest (ordered by their number of snippets), so they start first."""
        seconds = self.recorded_seconds(chapter)
        return 1e9 + len(chapter.snippets) if seconds is None else seconds

    def store_run(self, run: ChapterRun) -> None:
        page = page_uri(run.chapter, self.settings.root)
        nb = build_notebook(run.chapter, self.settings.timeout)
        records.write(records.path(self.settings.cache_dir, page), page, nb, run.record, run.notebook)
        self._records.pop(page, None)

    def save(self) -> None:
        self.hashes.save()


def _code_changes(chapter: Chapter, last: dict[str, Any]) -> list[str]:
    """Say which snippets differ from `last`, the previous run of the same page."""
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


class StaleChapters(RuntimeError):
    """Execution is forbidden (:attr:`Settings.forbid_execution`) and chapters are stale."""

    def __init__(self, stale: list[Freshness], root: Path) -> None:
        self.pages = [page_uri(found.chapter, root) for found in stale]
        why = ["; ".join(found.reasons) for found in stale]
        lines = [f"  {page}: {reasons}" for page, reasons in zip(self.pages, why, strict=True)]
        super().__init__(
            f"execution is forbidden (SNIPEXEC_EXECUTE=never), yet {len(stale)} "
            f"chapter{'s' * (len(stale) != 1)} would run:\n" + "\n".join(lines)
        )


def check_chapters(chapters: list[Chapter], settings: Settings) -> list[Freshness]:
    """Fresh or stale, with reasons, for each chapter; executes nothing."""
    cache = Cache(settings)
    try:
        return [cache.check(chapter) for chapter in chapters]
    finally:
        cache.save()


def run_chapters(
    chapters: list[Chapter], settings: Settings, ran: Callable[[ChapterRun], None] | None = None
) -> list[ChapterRun]:
    """Run (or fetch from cache) every chapter; results come back in the given order.
    `ran`, if given, is called with each chapter run in a kernel as soon as it ends, while
    the others still run (the MkDocs plugin starts rendering its notebook).
    Raises :class:`StaleChapters` if one is stale and execution is forbidden."""
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
    if pending and settings.forbid_execution:
        raise StaleChapters([found for _, found in pending], settings.root)

    uris = [page_uri(found.chapter, settings.root) for _, found in pending]
    if pending and settings.sessions is not None and settings.sessions.reserve(uris):
        resumed = [
            settings.sessions.run(uri, found.chapter, found.notebook, settings, cache.machine, cache.hashes)
            for uri, (_, found) in zip(uris, pending, strict=True)
        ]
        for (i, found), run in zip(pending, asyncio.run(_side_by_side(resumed, settings.jobs)), strict=True):
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
        work = [_execute(found.chapter, found.notebook, settings) for _, found in pending]
        done = asyncio.run(_side_by_side(work, settings.jobs, ran))
        for (i, found), run in zip(pending, done, strict=True):
            run.reasons = found.reasons
            runs[i] = run
            if run.error is None:
                run.record["deps"] = deps.record(run.record.pop("report"), cache.machine, cache.hashes)
                cache.store_run(run)
    cache.save()
    return [run for run in runs if run is not None]


async def _side_by_side(
    work: list[Coroutine[Any, Any, ChapterRun]],
    jobs: int,
    ran: Callable[[ChapterRun], None] | None = None,
) -> list[ChapterRun]:
    """Run chapters, `jobs` at a time, on one asyncio loop: the work happens in kernels or
    session copies (processes of their own); this process only waits for their replies."""
    gate = asyncio.Semaphore(max(1, jobs))

    async def one(chapter: Coroutine[Any, Any, ChapterRun]) -> ChapterRun:
        async with gate:
            run = await chapter
        if ran is not None:
            ran(run)
        return run

    return list(await asyncio.gather(*(one(c) for c in work)))


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


class CellTimeout(Exception):
    """A cell (or the inline values after it) ran past its limit and was stopped."""


class CellDied(Exception):
    """The process running a cell died; the message says how."""


class Ran(NamedTuple):
    """A cell that ran to its end (not `ok`: it raised; its error is among its outputs)."""

    ok: bool
    seconds: float
    peak_mib: float | None


class Runner(Protocol):
    """Where a chapter's cells run, in order: a Jupyter kernel in a build
    (:class:`KernelRunner`) or a chain of forked copies under ``serve``
    (``snipexec.session``). :func:`walk` drives either the same way."""

    dropped: dict[int, int]  # per cell: characters of stream output left out as it arrived

    async def run_cell(self, index: int, cell: NotebookNode) -> Ran:
        """Run `cell` as cell `index`, putting its outputs into it; :class:`CellTimeout`
        or :class:`CellDied` if it did not end."""

    async def evaluate(self, index: int, cell: NotebookNode, expressions: dict[str, str]) -> dict[str, Any]:
        """Evaluate `expressions` in the state after cell `index`, leaving no trace, within
        `cell`'s timeout: a kernel's ``user_expressions`` reply (each ``{"status": "ok",
        "data": {...}}`` or an error's); :class:`CellTimeout` or :class:`CellDied`."""

    async def report(self) -> dict[str, Any] | None:
        """The probe's record of what the cells read; None if it could not be read."""


async def walk(
    chapter: Chapter, nb: NotebookNode, runner: Runner, settings: Settings, started: float
) -> ChapterRun:
    """Run the chapter's cells through `runner` in page order, each snippet's inline values
    right after it, until the first error: outputs shaped, each snippet measured, and the
    record made (see :attr:`ChapterRun.record`; its ``"report"`` is the probe's record)."""
    ran_at = datetime.now(UTC).isoformat(timespec="seconds")
    error: ExecutionError | None = None
    measured: list[dict[str, Any]] = []
    values: list[dict[str, str]] = []  # {"expression", "text"} (see inline_result)
    for index, (cell, snippet) in enumerate(zip(nb.cells, chapter.snippets, strict=True)):
        start = time.perf_counter()
        try:
            ran = await runner.run_cell(index, cell)
        except CellTimeout:
            message = (
                f"timed out after {cell.metadata['timeout']} s and was stopped (raise the limit "
                "with `timeout=` on its !snippet line, or `timeout:` in mkdocs.yml)"
            )
            error = snippet_error(chapter, snippet, snippet.first_line, message)
        except CellDied as died:
            message = f"the Python kernel died while running it ({died})"
            error = snippet_error(chapter, snippet, snippet.first_line, message)
        limits = settings.max_output_lines, settings.max_output_chars, runner.dropped.get(index, 0)
        cell.outputs = shape(cell.get("outputs", []), *limits)
        if error is not None:
            ran = Ran(False, time.perf_counter() - start, None)
        elif not ran.ok:
            error = raised_error(chapter, snippet, cell)
        measured.append(measurement(snippet, ran.seconds, ran.peak_mib))
        if error is None:
            error = await _inline_values(runner, chapter, index, cell, values)
        if error is not None:
            break
    report = None
    if error is None:
        report = await runner.report()
        if report is None:
            last = chapter.snippets[-1]
            error = snippet_error(chapter, last, last.first_line, "its dependencies could not be recorded")
    record: dict[str, Any] = {
        "snippets": measured,
        "ran_at": ran_at,
        "seconds": round(time.perf_counter() - started, 3),
        "report": report,
    }
    if chapter.values:
        record["inline"] = values
    return ChapterRun(chapter, nb, error, record=record)


async def _inline_values(
    runner: Runner, chapter: Chapter, index: int, cell: NotebookNode, values: list[dict[str, str]]
) -> ExecutionError | None:
    """Append the text of the inline values that follow snippet `index` to `values`, or
    return the error of the first that fails."""
    following = [value for value in chapter.values if value.after == index]
    if not following:
        return None
    snippet = chapter.snippets[index]
    expressions = {str(k): inline_expression(v) for k, v in enumerate(following)}
    try:
        replies = await runner.evaluate(index, cell, expressions)
    except CellTimeout:
        message = f"the inline values after it timed out after {cell.metadata['timeout']} s"
        return snippet_error(chapter, snippet, snippet.first_line, message)
    except CellDied as died:
        message = f"the Python kernel died evaluating the inline values after it ({died})"
        return snippet_error(chapter, snippet, snippet.first_line, message)
    for k, value in enumerate(following):
        try:
            values.append(inline_result(chapter, value, replies.get(str(k), {})))
        except InlineValueError as failed:
            return failed
    return None


async def _execute(chapter: Chapter, nb: NotebookNode, settings: Settings) -> ChapterRun:
    """Run the chapter from the top in a fresh kernel."""
    started = time.perf_counter()
    # A kernel that fails to start is the machine's hiccup (a loaded machine, say), not
    # the chapter's: nothing has run yet, so one more try is sound.
    for _ in range(2):
        try:
            async with _kernel(nb, settings) as runner:
                return await walk(chapter, nb, runner, settings, started)
        except KernelStartError as exc:
            failure = exc
    return kernel_failed(chapter, nb, failure)


def kernel_failed(chapter: Chapter, nb: NotebookNode, failure: Exception) -> ChapterRun:
    """A chapter whose kernel (a build's, or a session's zygote) did not start, twice."""
    first = chapter.snippets[0]
    message = f"could not run: the Python kernel did not start ({failure})"
    return ChapterRun(chapter, nb, snippet_error(chapter, first, first.first_line, message))


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


@asynccontextmanager
async def _kernel(nb: NotebookNode, settings: Settings) -> AsyncIterator[KernelRunner]:
    """A fresh kernel for the chapter's notebook, ready; :class:`KernelStartError` if not."""
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
        yield KernelRunner(client)


class KernelRunner:
    """A :class:`Runner` over one Jupyter kernel, driven by nbclient (builds)."""

    def __init__(self, client: BoundedClient) -> None:
        self.client = client
        self.dropped = client.dropped
        self.pid = _kernel_pid(client)
        _share_our_priority(self.pid)

    async def run_cell(self, index: int, cell: NotebookNode) -> Ran:
        _reset_peak_memory(self.pid)
        start = time.perf_counter()
        ok = True
        try:
            await self.client.async_execute_cell(cell, index, execution_count=index + 1)
        except CellTimeoutError as exc:
            raise CellTimeout from exc
        except DeadKernelError as exc:
            raise CellDied(str(exc)) from exc
        except CellExecutionError:
            ok = False
        return Ran(ok, time.perf_counter() - start, peak_memory_mib(self.pid))

    async def evaluate(
        self, index: int, cell: NotebookNode | None, expressions: dict[str, str]
    ) -> dict[str, Any]:
        """Through one silent request: no execution count, no ``_`` or ``Out``, nothing in
        the notebook, so the session a reader pastes is unchanged (`cell` None: no time limit)."""
        kc = self.client.kc
        assert kc is not None
        msg_id = await ensure_async(
            kc.execute("", silent=True, store_history=False, user_expressions=expressions)
        )
        try:
            reply = await self.client.async_wait_for_reply(msg_id, cell)
        except CellTimeoutError as exc:
            raise CellTimeout from exc
        except DeadKernelError as exc:
            raise CellDied(str(exc)) from exc
        # Wait until the kernel has finished the request (it says "idle"): interrupting a
        # kernel mid-request, as shutting it down does, makes it log a KeyboardInterrupt.
        while True:
            msg = await ensure_async(kc.get_iopub_msg(timeout=60))
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status":
                if msg["content"]["execution_state"] == "idle":
                    break
        return (reply or {}).get("content", {}).get("user_expressions") or {}

    async def report(self) -> dict[str, Any] | None:
        value = (await self.evaluate(-1, None, {"r": REPORT_EXPRESSION})).get("r", {})
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


def peak_memory_mib(pid: int | None) -> float | None:
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


def page_uri(chapter: Chapter, root: Path) -> str:
    """The chapter's page relative to the project root (``docs/attention.md``): its name in records."""
    try:
        return chapter.page.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(chapter.page)


def _code_hash(snippet: Snippet) -> str:
    return hashlib.sha256(snippet.code.encode()).hexdigest()[:16]


def measurement(snippet: Snippet, seconds: float, peak_mib: float | None) -> dict[str, Any]:
    """What a run records of one snippet (see :attr:`ChapterRun.record`)."""
    return {
        "snippet": snippet.display_path,
        "code": _code_hash(snippet),
        "seconds": round(seconds, 3),
        "peak_mib": peak_mib,
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
