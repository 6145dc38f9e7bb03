"""Run copied code blocks in plain Python (no IPython), each block as one cell.

Usage: ``python plain_python.py JOBS.json [SETUP]`` — JOBS.json holds a list of
``{"blocks": [...], "cwd": folder, "result": file}``: for each, the code blocks (strings)
run in one fresh interpreter state in the empty folder ``cwd``, and ``result`` receives
``{"printed": [...], "error": str | None}``: what each block printed, and the traceback of
the statement that raised, if one did. SETUP, a line of Python, runs first, in a
namespace of its own (the reader kernels' GGUF speed-ups, the chat model parsed).

This file is copied out of the repository and run by the reader's Python (see
``ReaderKernel`` in conftest.py), so it imports nothing of the repository.

Each block goes through :class:`code.InteractiveConsole`, Python's own interactive loop,
without IPython: ``IPython.display.display`` prints ``str()`` of what it is given (there is
no shell to show Markdown), and ``plt.show()`` draws nothing (``MPLBACKEND=Agg``). A
block runs as one cell, as Jupyter and IPython run it: its statements in ``"exec"`` mode
and a last expression in ``"single"`` mode, so a value the block ends on is echoed
(``sys.displayhook``). The plain ``python`` prompt would also echo what every other
expression statement returns (``<torch._C.Generator ...>`` after
``torch.manual_seed(0)``); the home page says so.

Each job runs in a process forked from this one after it has imported the libraries the
jobs' blocks import (their top-level ``import`` lines), the jobs one at a time per core:
importing torch, transformers, matplotlib and pandas costs every fresh ``python`` 4-6 s
of CPU, and what a block computes cannot depend on whether a library it imports was
imported a moment before (tests/standalone.py forks its runs for the same reason). The
console's namespace is new in each job, so a name a block forgot to define or import
still fails as in a fresh ``python``.
"""

from __future__ import annotations

import ast
import code
import contextlib
import importlib
import io
import json
import os
import sys
import traceback


class Console(code.InteractiveConsole):
    """An interactive console that keeps the first traceback instead of printing it."""

    error: str | None = None

    def showtraceback(self) -> None:
        self.error = self.error or traceback.format_exc()


def statements(block: str) -> list[tuple[str, bool]]:
    """The source of each top-level statement of a block, decorators included, and
    whether it is an expression."""
    lines = block.splitlines()
    found = []
    for node in ast.parse(block).body:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        found.append(("\n".join(lines[first - 1 : node.end_lineno]), isinstance(node, ast.Expr)))
    return found


def run(blocks: list[str]) -> dict[str, object]:
    console = Console(locals={"__name__": "__main__"})
    printed: list[str] = []
    for block in blocks:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            sources = statements(block)
            for k, (source, expression) in enumerate(sources):
                # compile() rather than runsource(): the statement is known to be whole,
                # and runsource() would wait for a blank line after a compound statement.
                mode = "single" if expression and k == len(sources) - 1 else "exec"
                console.runcode(compile(source, "<stdin>", mode))
                if console.error:
                    break
        printed.append(out.getvalue())
        if console.error:
            break
    return {"printed": printed, "error": console.error}


def imported(blocks: list[str]) -> set[str]:
    """Every module the blocks' top-level import lines name."""
    names: set[str] = set()
    for block in blocks:
        for node in ast.parse(block).body:
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    return names


def run_job(job: dict[str, object]) -> None:
    """In a forked process: the job's blocks in its folder, the result to its file."""
    os.chdir(str(job["cwd"]))
    result = run(list(job["blocks"]))  # type: ignore[call-overload]
    with open(str(job["result"]), "w") as f:
        json.dump(result, f)


def main(jobs: list[dict[str, object]], setup: str) -> None:
    exec(setup, {})
    for name in sorted(set().union(*(imported(list(job["blocks"])) for job in jobs))):  # type: ignore[call-overload]
        with contextlib.suppress(Exception):  # the job's own import reports what fails
            importlib.import_module(name)
    running: dict[int, dict[str, object]] = {}
    pending = list(jobs)
    while pending or running:
        while pending and len(running) < (os.cpu_count() or 1):
            job = pending.pop(0)
            sys.stdout.flush()
            pid = os.fork()
            if pid == 0:
                failed = 1
                try:
                    run_job(job)
                    failed = 0
                finally:
                    os._exit(failed)
            running[pid] = job
        pid, status = os.wait()
        job = running.pop(pid)
        if not os.path.exists(str(job["result"])):
            with open(str(job["result"]), "w") as f:
                json.dump({"printed": [], "error": f"plain python died (wait status {status})"}, f)


if __name__ == "__main__":
    jobs_file, setup = (*sys.argv[1:], "")[:2]
    with open(jobs_file) as f:
        main(json.load(f), setup)
