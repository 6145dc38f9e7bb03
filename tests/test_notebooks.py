"""Every chapter is also a notebook: same code, same outputs, and it runs on its own."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from conftest import CHAPTERS, ROOT
from nbclient import NotebookClient

pytestmark = pytest.mark.slow


def _notebook(site: Path, name: str) -> nbformat.NotebookNode:
    path = site / "notebooks" / name / f"{name}.ipynb"
    assert path.exists(), f"no downloadable notebook for chapter {name} at {path}"
    return nbformat.read(path, as_version=4)


def _stdout(cell: nbformat.NotebookNode) -> str:
    return "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")


def _text_blocks(cell: nbformat.NotebookNode) -> list[str]:
    """What the page shows as text blocks for a cell: stdout, and plain-text results."""
    blocks = []
    for o in cell.outputs:
        if o.output_type == "stream" and o.name == "stdout":
            blocks.append(o.text.strip())
        elif o.output_type in ("execute_result", "display_data") and set(o.data) == {"text/plain"}:
            blocks.append(o.data["text/plain"].strip())
    return blocks


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.name for c in CHAPTERS])
def test_notebook_has_the_page_code_and_outputs(built_site: Path, chapter):
    nb = _notebook(built_site, chapter.name)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.source.strip() for c in code] == [s.code.strip() for s in chapter.snippets]
    headings = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert any(h.startswith("## ") for h in headings), "page headings become markdown cells"

    soup = BeautifulSoup((built_site / chapter.name / "index.html").read_text(), "html.parser")
    page_outputs = [div.get_text().strip() for div in soup.select(".snippet-output code")]
    notebook_outputs = [
        text
        for cell, snippet in zip(code, chapter.snippets, strict=True)
        if snippet.option("output", "text") == "text"
        for text in _text_blocks(cell)
    ]
    assert notebook_outputs == page_outputs
    figures = sum(1 for cell in code for o in cell.outputs if "image/svg+xml" in o.get("data", {}))
    assert len(soup.select(".snippet-figure img")) == figures


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.name for c in CHAPTERS])
def test_notebook_runs_top_to_bottom_in_a_fresh_kernel(built_site: Path, chapter, tmp_path: Path):
    nb = _notebook(built_site, chapter.name)
    expected = [_stdout(c) for c in nb.cells if c.cell_type == "code"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "PYTHONHASHSEED": "0"}
    client = NotebookClient(
        nb,
        timeout=900,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute(env=env)
    assert [_stdout(c) for c in nb.cells if c.cell_type == "code"] == expected
