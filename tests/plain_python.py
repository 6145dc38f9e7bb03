"""Run copied code blocks in plain Python (no IPython), each block as one cell.

Usage: ``python plain_python.py BLOCKS.json RESULT.json [SETUP_MODULE]`` — BLOCKS.json
holds a list of code blocks (strings); RESULT.json receives ``{"printed": [...], "error":
str | None}``: what each block printed, and the traceback of the statement that raised,
if one did. SETUP_MODULE's ``install()`` runs first (the reader kernels' GGUF speed-ups).

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
"""

from __future__ import annotations

import ast
import code
import contextlib
import io
import json
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


if __name__ == "__main__":
    blocks_file, result_file, *setup = sys.argv[1:]
    for module in setup:
        __import__(module).install()
    with open(blocks_file) as f:
        result = run(json.load(f))
    with open(result_file, "w") as f:
        json.dump(result, f)
