"""Records: one plain JSON file per chapter holding its last successful run.

In:  a chapter's page (its path from the project root, e.g. ``docs/attention.md``), the
     notebook it builds (:func:`snipexec.execute.build_notebook`), and after a run the
     executed notebook and what the run recorded.
Out: ``<cache>/records/<chapter>.json`` — the page's path under ``docs/`` without
     ``.md`` (``attention``, ``part/intro`` for a nested page) — a person can read:

     ``format``    :data:`FORMAT`; a record of another format is not used
     ``page``      the page, relative to the project root
     ``key``       sha256 of the notebook the chapter builds (:func:`code_key`)
     ``run``       what :attr:`snipexec.execute.ChapterRun.record` holds: ``deps``
                   (:mod:`snipexec.deps`, project files relative to the root), ``snippets``,
                   ``seconds``, ``ran_at``, ``inline``
     ``notebook``  the executed notebook

A record is written whole (a temporary file, then a rename), so two builds at once never
see half of one and need no lock: the last writer wins, and each wrote a correct run.
Nothing in a record names the project's folder, so records made in one clone are reused
in another (CI shards merge them by copying files). A record that cannot be read — cut
short, random bytes, foreign JSON, another format — is :class:`Damaged`: a miss.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode

from snipexec import deps

FORMAT = 1
FOLDER = "records"
# Notebook metadata the executed notebook adds (kernelspec, language_info): kept with the
# outputs, so a reused run is the notebook the run itself returned.
RUN_METADATA = ("kernelspec", "language_info")


class Damaged(Exception):
    """A record that is not one this version writes; its chapter runs again."""


def path(cache_dir: Path, page: str) -> Path:
    """The record of the page `page` (relative to the project root, ``docs/x/y.md``)."""
    chapter = page.removeprefix("docs/").removesuffix(".md")
    return cache_dir / FOLDER / f"{chapter}.json"


def code_key(nb: NotebookNode) -> str:
    """sha256 of what the run is made from: every cell's source and metadata (which holds
    its inline expressions and its timeout) and the notebook's metadata."""
    cells = [{"source": cell.source, "metadata": cell.metadata} for cell in nb.cells]
    text = json.dumps({"metadata": nb.metadata, "cells": cells}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def read(file: Path) -> dict[str, Any] | None:
    """The record in `file`; None if there is none; :class:`Damaged` saying why if it is
    not a whole record of this format."""
    try:
        data = json.loads(file.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:  # cut short, random bytes (UnicodeDecodeError)
        raise Damaged(f"{type(error).__name__}: {error}".splitlines()[0]) from error
    if not isinstance(data, dict) or "format" not in data:
        raise Damaged("not a record")
    if data["format"] != FORMAT:
        raise Damaged(f"a record of format {data['format']!r}, not {FORMAT}")
    try:
        _check(data)
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise Damaged(f"not a whole record ({type(error).__name__}: {error})") from error
    return data


def _check(data: dict[str, Any]) -> None:
    """Raise unless `data` has the shape :func:`write` gives it."""
    if not isinstance(data["key"], str) or not isinstance(data["run"], dict):
        raise TypeError("key or run")
    run = data["run"]
    if not isinstance(run["deps"], dict) or not all(isinstance(s["snippet"], str) for s in run["snippets"]):
        raise TypeError("run")
    if not all(isinstance(v["expression"], str) for v in run.get("inline", [])):
        raise TypeError("inline values")
    cells = data["notebook"]["cells"]
    if not isinstance(data["notebook"]["metadata"], dict) or not all(
        isinstance(cell["outputs"], list) for cell in cells
    ):
        raise TypeError("notebook")


def write(file: Path, page: str, nb: NotebookNode, run: dict[str, Any], executed: NotebookNode) -> None:
    """Store a run of the notebook `nb` (unexecuted, as the chapter builds it)."""
    record = {"format": FORMAT, "page": page, "key": code_key(nb), "run": run, "notebook": executed}
    deps.write_whole(file, json.dumps(record, indent=1, ensure_ascii=False) + "\n")


def merged(nb: NotebookNode, record: dict[str, Any]) -> NotebookNode:
    """`nb` with the record's outputs and execution counts in its cells (the record's key
    is `nb`'s: same cells in the same order)."""
    stored = record["notebook"]
    if len(stored["cells"]) != len(nb.cells):
        raise Damaged("its notebook does not have the chapter's cells")
    for cell, ran in zip(nb.cells, stored["cells"], strict=True):
        cell.outputs = [nbformat.from_dict(output) for output in ran["outputs"]]
        cell.execution_count = ran.get("execution_count")
    for name in RUN_METADATA:
        if name in stored["metadata"]:
            nb.metadata[name] = nbformat.from_dict(stored["metadata"][name])
    return nb
