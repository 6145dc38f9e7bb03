"""Session: under ``mkdocs serve``, resume a chapter from the snippet that changed.

In:  a stale chapter (its notebook, unexecuted), the build's :class:`Settings`, and the
     machine and file hashes the dependency check uses.
Out: a :class:`~snipexec.execute.ChapterRun`, like ``snipexec.execute`` produces, but run
     from the first snippet whose code changed since this server last ran the chapter.

Each chapter's session is a chain of frozen processes: copy ``j`` holds the state after
its first ``j`` snippets. Running snippet ``j`` forks copy ``j``; the child runs the code,
sends its outputs back and freezes as copy ``j + 1``. An edit at snippet ``k`` discards
copies after ``k`` and forks copy ``k`` again, so the snippets before ``k`` (a model
load, say) do not run again. Copy ``0`` of every chapter is forked from one *zygote*: a
kernel that has done its start-up (the probe, figures, ``kernel_setup``) and nothing else.
The page's inline values (``{eval}`...```) after snippet ``j`` are evaluated in a fork of
copy ``j + 1``, which is then discarded: the chain is left as the snippets made it, and
an edited expression costs a fork, not a run.

Why not nbclient and a Jupyter kernel, as builds use: a Jupyter kernel runs threads and
ZMQ sockets, which do not survive ``fork()``. Each copy is a single-threaded process
running ipykernel's own shell (``snipexec.forkkernel``). Tests compare a session's
outputs with a build's, and a resumed run with a full one.

Only ``serve`` uses this. ``mkdocs build`` runs every stale chapter from the top in a
fresh kernel, and runs from sessions are never stored in the snippet cache.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from multiprocessing.reduction import recv_handle
from typing import Any

import nbformat
from nbformat import NotebookNode

from snipexec import deps
from snipexec.collect import Chapter
from snipexec.errors import ExecutionError, InlineValueError
from snipexec.execute import (
    KERNEL_CONFIG,
    ChapterRun,
    Settings,
    inline_expression,
    inline_result,
    kernel_env,
    kernel_settings,
    measurement,
    raised_error,
    snippet_error,
)
from snipexec.outputs import shape


@dataclass
class _Copy:
    """A frozen process, and the connection the server asks it through."""

    pid: int
    conn: Connection

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.conn.close()


class _DeadCopy(Exception):
    pass


def _fork_run(
    copy: _Copy, code: str | None, count: int, max_chars: int, timeout: float
) -> tuple[_Copy, dict[str, Any]]:
    """Ask `copy` to run `code` in a child of its own: the child, and what it sent back."""
    copy.conn.send(("run", code, count, max_chars))
    pid = copy.conn.recv()
    child = _Copy(pid, Connection(recv_handle(copy.conn)))
    if not child.conn.poll(timeout):
        child.kill()
        raise TimeoutError
    try:
        return child, child.conn.recv()
    except EOFError as exc:
        child.kill()
        raise _DeadCopy from exc


@dataclass
class _Chain:
    """One chapter's copies: ``copies[j]`` holds the state after its snippets ``0..j-1``."""

    copies: list[_Copy] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # the code each kept copy ran
    cells: list[NotebookNode] = field(default_factory=list)  # the outputs it made
    measured: list[dict[str, Any]] = field(default_factory=list)
    deps: dict[str, Any] | None = None  # what the kept copies read (snipexec.deps.record)
    key: str = ""  # the kernel settings its copy 0 started with
    # (index of the snippet it follows, expression) -> {"expression", "text"}
    values: dict[tuple[int, str], dict[str, str]] = field(default_factory=dict)

    def trim(self, k: int) -> None:
        """Keep copies ``0..k``: the state after snippet ``k - 1``; drop what came after."""
        for copy in self.copies[k + 1 :]:
            copy.kill()
        del self.copies[k + 1 :], self.codes[k:], self.cells[k:], self.measured[k:]
        self.values = {key: value for key, value in self.values.items() if key[0] < k}

    def close(self) -> None:
        """Discard every copy, copy 0 too: the chain starts again from the zygote."""
        self.trim(0)
        for copy in self.copies:
            copy.kill()
        self.copies.clear()


class Sessions:
    """The chains of the `keep` chapters run most recently during one ``mkdocs serve``
    (a chapter holding a model holds its memory); :meth:`close` ends them all."""

    def __init__(self, keep: int = 3) -> None:
        self.keep = keep
        self.zygote: _Copy | None = None
        self.zygote_key = ""
        self.chains: OrderedDict[str, _Chain] = OrderedDict()
        self.lock = threading.Lock()  # one request at a time to the zygote

    def reserve(self, uris: list[str]) -> bool:
        """Make room for these chapters' chains, closing the least recently run others;
        False if they are more than `keep` (then they had better run from the top)."""
        if len(uris) > self.keep:
            return False
        for uri in uris:
            self.chains.setdefault(uri, _Chain())
            self.chains.move_to_end(uri)
        while len(self.chains) > self.keep:
            self.chains.popitem(last=False)[1].close()
        return True

    def run(
        self,
        uri: str,
        chapter: Chapter,
        nb: NotebookNode,
        settings: Settings,
        machine: deps.Machine,
        hashes: deps.FileHashes,
    ) -> ChapterRun:
        """Run `chapter`, resuming its chain at the first snippet whose code changed.
        If anything the chain read changed, or the kernel settings did, it starts over
        from a new zygote: the old copies hold what the old files made."""
        chain = self.chains.setdefault(uri, _Chain())
        codes = [cell.source for cell in nb.cells]
        reasons = deps.changes(chain.deps, machine, hashes) if chain.deps else []
        if reasons:
            self.zygote_key = ""  # the zygote may hold what the old files made, too
        if reasons or chain.key != self._key(settings):
            chain.close()
        k = next(
            (j for j, (new, old) in enumerate(zip(codes, chain.codes, strict=False)) if new != old),
            min(len(codes), len(chain.codes)),
        )
        if chain.copies and k == len(codes) == len(chain.codes):
            evaluated = len(chain.values)
            error = self._evaluate(chapter, nb, chain, settings)
            if len(chain.values) == evaluated and error is None:
                return self._result(chapter, nb, chain, None, [], from_cache=True)
            reasons = ["inline values evaluated in the session's copies"]
            return self._result(chapter, nb, chain, error, reasons, from_cache=False)
        try:
            return self._resume(k, reasons, chapter, nb, chain, settings, machine, hashes)
        except (OSError, EOFError):  # a copy or the zygote is gone (killed, out of memory)
            chain.close()
            self.zygote_key = ""
            return self._resume(
                0, reasons + ["the session was lost"], chapter, nb, chain, settings, machine, hashes
            )

    def _resume(
        self,
        k: int,
        reasons: list[str],
        chapter: Chapter,
        nb: NotebookNode,
        chain: _Chain,
        settings: Settings,
        machine: deps.Machine,
        hashes: deps.FileHashes,
    ) -> ChapterRun:
        chain.trim(k)
        if not chain.copies:
            chain.copies.append(self._fork_zygote(settings))
            chain.key = self.zygote_key
        started = time.perf_counter()
        error = self._run_from(k, chapter, nb, chain, settings)
        error = error or self._evaluate(chapter, nb, chain, settings)
        chain.copies[-1].conn.send(("report",))  # what the kept copies read, even after an error
        chain.deps = deps.record(json.loads(chain.copies[-1].conn.recv()), machine, hashes)
        if k:
            reasons = reasons + [f"resumed from the session's copy after snippet {k}"]
        run = self._result(chapter, nb, chain, error, reasons, from_cache=False)
        run.record["seconds"] = round(time.perf_counter() - started, 3)
        return run

    @staticmethod
    def _run_from(
        k: int, chapter: Chapter, nb: NotebookNode, chain: _Chain, settings: Settings
    ) -> ExecutionError | None:
        for j in range(k, len(nb.cells)):
            snippet, cell = chapter.snippets[j], nb.cells[j]
            limit = float(cell.metadata.get("timeout", settings.timeout))
            try:
                child, result = _fork_run(
                    chain.copies[j], cell.source, j + 1, settings.max_output_chars, limit
                )
            except TimeoutError:
                return snippet_error(
                    chapter, snippet, snippet.first_line, f"timed out after {limit:g} s and was stopped"
                )
            except _DeadCopy:
                return snippet_error(
                    chapter, snippet, snippet.first_line, "the Python process died while running it"
                )
            cell.outputs = shape(
                [nbformat.from_dict(o) for o in result["outputs"]],
                settings.max_output_lines,
                settings.max_output_chars,
                result["dropped"],
            )
            cell.execution_count = j + 1
            if not result["ok"]:
                child.kill()  # a copy after a failure is no state to resume from
                return raised_error(chapter, snippet, cell)
            chain.copies.append(child)
            chain.codes.append(cell.source)
            chain.cells.append(cell)
            chain.measured.append(measurement(snippet, result["seconds"], child.pid))
        return None

    @staticmethod
    def _evaluate(
        chapter: Chapter, nb: NotebookNode, chain: _Chain, settings: Settings
    ) -> ExecutionError | None:
        """Evaluate the inline values the chain has none for yet, each in a throwaway fork of
        the copy after its snippet; the first error, if one fails. Values after a snippet
        the chain has not run are left out."""
        for value in chapter.values:
            if value.after >= len(chain.codes):
                return None
            if (value.after, value.source) in chain.values:
                continue
            snippet = chapter.snippets[value.after]
            limit = float(nb.cells[value.after].metadata.get("timeout", settings.timeout))
            try:
                child, result = _fork_run(
                    chain.copies[value.after + 1],
                    inline_expression(value),
                    0,
                    settings.max_output_chars,
                    limit,
                )
            except (TimeoutError, _DeadCopy):
                message = "the inline values after it timed out or killed their process"
                return snippet_error(chapter, snippet, snippet.first_line, message)
            child.kill()
            outputs = result["outputs"]
            reply = next(
                (
                    {"status": "ok", "data": o["data"]}
                    for o in outputs
                    if o["output_type"] == "execute_result"
                ),
                next(({"status": "error", **o} for o in outputs if o["output_type"] == "error"), {}),
            )
            try:
                chain.values[value.after, value.source] = inline_result(chapter, value, reply)
            except InlineValueError as failed:
                return failed
        return None

    @staticmethod
    def _result(
        chapter: Chapter,
        nb: NotebookNode,
        chain: _Chain,
        error: ExecutionError | None,
        reasons: list[str],
        from_cache: bool,
    ) -> ChapterRun:
        for cell, done in zip(nb.cells, chain.cells, strict=False):
            cell.outputs, cell.execution_count = done.outputs, done.execution_count
        record = {
            "snippets": list(chain.measured),
            "ran_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "seconds": round(sum(m["seconds"] for m in chain.measured), 3),
            "deps": chain.deps or {},
        }
        if chapter.values:
            known = (chain.values.get((v.after, v.source)) for v in chapter.values)
            record["inline"] = list(itertools.takewhile(bool, known))
        return ChapterRun(chapter, nb, error, from_cache=from_cache, reasons=reasons, record=record)

    @staticmethod
    def _key(settings: Settings) -> str:
        env = sorted(kernel_env(settings).items())
        return hashlib.sha256(repr((kernel_settings(settings), env)).encode()).hexdigest()

    def start(self, settings: Settings) -> None:
        """Start the zygote (again, if settings changed): a chapter's first edit then
        need not wait for Python, ipykernel and the kernel set-up to load."""
        with self.lock:
            key = self._key(settings)
            if self.zygote is not None and key == self.zygote_key:
                return
            if self.zygote is not None:
                self.zygote.kill()
            ours, theirs = socket.socketpair()
            process = subprocess.Popen(
                [sys.executable, "-c", f"import snipexec.forkkernel as k; k.main({theirs.fileno()})"],
                pass_fds=[theirs.fileno()],
                env=kernel_env(settings),
                cwd=settings.root,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,  # C-level prints; Python's go to the outputs
                stderr=subprocess.DEVNULL,
            )
            theirs.close()
            self.zygote, self.zygote_key = _Copy(process.pid, Connection(ours.detach())), key
            self.zygote.conn.send(KERNEL_CONFIG)
            if self.zygote.conn.recv() != "ready":
                raise RuntimeError("the session kernel did not start")

    def _fork_zygote(self, settings: Settings) -> _Copy:
        """A chain's copy 0: a bare fork of the zygote."""
        self.start(settings)
        with self.lock:
            assert self.zygote is not None
            return _fork_run(self.zygote, None, 0, 0, 60)[0]

    def close(self) -> None:
        for chain in self.chains.values():
            chain.close()
        self.chains.clear()
        if self.zygote is not None:
            self.zygote.kill()
            self.zygote = None
