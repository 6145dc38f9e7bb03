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

import asyncio
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.reduction import recv_handle
from typing import Any

import nbformat
from nbformat import NotebookNode

from snipexec import deps
from snipexec.collect import Chapter
from snipexec.execute import (
    KERNEL_CONFIG,
    CellDied,
    CellTimeout,
    ChapterRun,
    KernelStartError,
    Ran,
    Settings,
    kernel_env,
    kernel_failed,
    kernel_settings,
    peak_memory_mib,
    walk,
)


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

    async def reply(self, timeout: float | None) -> Any:
        """Its next message, awaited on the build's asyncio loop (other chapters' copies
        run meanwhile); :class:`CellTimeout` after `timeout` seconds, :class:`CellDied`
        if it died."""
        loop = asyncio.get_running_loop()
        readable = loop.create_future()
        loop.add_reader(self.conn.fileno(), lambda: readable.done() or readable.set_result(None))
        try:
            await asyncio.wait_for(readable, timeout)
        except TimeoutError as exc:
            raise CellTimeout from exc
        finally:
            loop.remove_reader(self.conn.fileno())
        try:
            return self.conn.recv()
        except EOFError as exc:
            raise CellDied("its process ended") from exc


async def _fork(copy: _Copy, request: tuple[Any, ...], timeout: float | None) -> tuple[_Copy, Any]:
    """Ask `copy` to fork a child for `request` (see snipexec.forkkernel): the child, and
    its answer. The child is killed if it times out or dies."""
    copy.conn.send(request)
    pid = copy.conn.recv()
    child = _Copy(pid, Connection(recv_handle(copy.conn)))
    try:
        return child, await child.reply(timeout)
    except (CellTimeout, CellDied):
        child.kill()
        raise


@dataclass
class _Chain:
    """One chapter's copies: ``copies[j]`` holds the state after its snippets ``0..j-1``."""

    copies: list[_Copy] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # the code each kept copy ran
    # what it showed: (outputs as sent, stream characters dropped), and its measurement
    outputs: list[tuple[list[dict[str, Any]], int]] = field(default_factory=list)
    measured: list[Ran] = field(default_factory=list)
    report: dict[str, Any] | None = None  # what the kept copies read, as the probe says
    deps: dict[str, Any] | None = None  # and its dependency record (snipexec.deps.record)
    key: str = ""  # the kernel settings its copy 0 started with
    # (index of the snippet they follow, expression) -> the reply to its evaluation
    values: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict)

    def trim(self, k: int) -> None:
        """Keep copies ``0..k``: the state after snippet ``k - 1``; drop what came after."""
        for copy in self.copies[k + 1 :]:
            copy.kill()
        del self.copies[k + 1 :], self.codes[k:], self.outputs[k:], self.measured[k:]
        self.values = {key: value for key, value in self.values.items() if key[0] < k}

    def close(self) -> None:
        """Discard every copy, copy 0 too: the chain starts again from the zygote."""
        self.trim(0)
        for copy in self.copies:
            copy.kill()
        self.copies.clear()


class _ChainRunner:
    """A :class:`~snipexec.execute.Runner` over a chain: the cells it kept show what they
    showed; the others run, each in a fork of the copy before it, which is kept."""

    def __init__(self, chain: _Chain, max_chars: int, ran: bool) -> None:
        self.chain = chain
        self.max_chars = max_chars
        self.dropped: dict[int, int] = {}
        self.ran = ran  # the chain changed: a snippet ran, or an inline value was evaluated

    async def run_cell(self, index: int, cell: NotebookNode) -> Ran:
        chain = self.chain
        cell.execution_count = index + 1
        if index < len(chain.codes):  # kept: the same code ran in this copy
            outputs, self.dropped[index] = chain.outputs[index]
            cell.outputs = [nbformat.from_dict(o) for o in outputs]
            return chain.measured[index]
        self.ran = True
        request = ("run", cell.source, index + 1, self.max_chars)
        child, result = await _fork(chain.copies[index], request, float(cell.metadata["timeout"]))
        cell.outputs = [nbformat.from_dict(o) for o in result["outputs"]]
        self.dropped[index] = result["dropped"]
        ran = Ran(result["ok"], result["seconds"], peak_memory_mib(child.pid))
        if not ran.ok:
            child.kill()  # a copy after a failure is no state to resume from
            return ran
        chain.copies.append(child)
        chain.codes.append(cell.source)
        chain.outputs.append((result["outputs"], result["dropped"]))
        chain.measured.append(ran)
        return ran

    async def evaluate(self, index: int, cell: NotebookNode, expressions: dict[str, str]) -> dict[str, Any]:
        """In a throwaway fork of the copy after snippet `index`: the chain stays as the
        snippets left it, and an edited expression costs a fork, not a run."""
        known = self.chain.values
        missing = {key: e for key, e in expressions.items() if (index, e) not in known}
        if missing:
            self.ran = True
            request = ("evaluate", missing, 0, self.max_chars)
            child, replies = await _fork(
                self.chain.copies[index + 1], request, float(cell.metadata["timeout"])
            )
            child.kill()
            known.update({(index, e): replies.get(key, {}) for key, e in missing.items()})
        return {key: known[index, e] for key, e in expressions.items()}

    async def report(self) -> dict[str, Any] | None:
        """What the kept copies read (the last one has seen all their reads)."""
        if self.ran or self.chain.report is None:
            last = self.chain.copies[-1]
            last.conn.send(("report",))
            self.chain.report = json.loads(await last.reply(None))
        return self.chain.report


class Sessions:
    """The chains of the `keep` chapters run most recently during one ``mkdocs serve``
    (a chapter holding a model holds its memory); :meth:`close` ends them all."""

    def __init__(self, keep: int = 3) -> None:
        self.keep = keep
        self.zygote: _Copy | None = None
        self.zygote_key = ""
        self.zygote_ready = False
        self.chains: OrderedDict[str, _Chain] = OrderedDict()

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

    async def run(
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
        # A copy or the zygote gone (killed, out of memory) or never answering: once more
        # from the top, from a new zygote, as a build starts a second kernel.
        for _ in range(2):
            try:
                return await self._resume(k, reasons, chapter, nb, chain, settings, machine, hashes)
            except (OSError, EOFError, KernelStartError) as exc:
                failure = exc
                chain.close()
                self.zygote_key = ""
                k, reasons = 0, reasons + ["the session was lost"]
        return kernel_failed(chapter, nb, failure)

    async def _resume(
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
        started = time.perf_counter()
        removed = len(chain.codes) > k  # e.g. the last snippets left the page
        chain.trim(k)
        if not chain.copies:
            chain.copies.append(await self._fork_zygote(settings))
            chain.key, chain.report, chain.deps = self.zygote_key, None, None
        runner = _ChainRunner(chain, settings.max_output_chars, ran=removed)
        run = await walk(chapter, nb, runner, settings, started)
        report = run.record.pop("report") or await runner.report()  # even after an error
        if runner.ran or chain.deps is None:
            chain.deps = deps.record(report, machine, hashes)
        run.record["deps"] = chain.deps
        if not runner.ran and run.error is None:  # what this server showed last time
            run.from_cache, run.reasons = True, []
            run.record["seconds"] = round(sum(ran.seconds for ran in chain.measured), 3)
        elif k == len(nb.cells) and not removed:
            run.reasons = ["inline values evaluated in the session's copies"]
        else:
            run.reasons = reasons + [f"resumed from the session's copy after snippet {k}"] * bool(k)
        return run

    @staticmethod
    def _key(settings: Settings) -> str:
        env = sorted(kernel_env(settings).items())
        return hashlib.sha256(repr((kernel_settings(settings), env)).encode()).hexdigest()

    def start(self, settings: Settings) -> None:
        """Start the zygote (again, if settings changed), without waiting for it: a
        chapter's first edit then need not wait for Python, ipykernel and the kernel
        set-up to load."""
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
        self.zygote_ready = False
        self.zygote.conn.send(KERNEL_CONFIG)

    async def _fork_zygote(self, settings: Settings) -> _Copy:
        """A chain's copy 0: a bare fork of the zygote (started, and waited for, if need
        be); :class:`KernelStartError` if the zygote does not answer."""
        self.start(settings)
        assert self.zygote is not None
        try:
            if not self.zygote_ready and await self.zygote.reply(600) != "ready":
                raise KernelStartError("it did not say it was ready")
            self.zygote_ready = True
            return (await _fork(self.zygote, ("run", None, 0, 0), 60))[0]
        except (CellTimeout, CellDied) as exc:
            raise KernelStartError(str(exc) or "it did not answer in time") from exc

    def close(self) -> None:
        for chain in self.chains.values():
            chain.close()
        self.chains.clear()
        if self.zygote is not None:
            self.zygote.kill()
            self.zygote = None
