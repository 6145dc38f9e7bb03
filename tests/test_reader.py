"""What a reader copies runs anywhere: every chapter's copy-button code, outside the repository.

For each chapter, the code blocks of the built page (exactly what Material's copy buttons
copy), in page order, run in one fresh kernel in an empty folder, with this repository
out of reach and only the seeded Hugging Face cache standing in for the internet
(``ReaderKernel`` in conftest.py). What they print must be what the page shows.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup, Tag
from conftest import CHAPTERS, NOT_IN_THE_REPO, ReaderKernel, page_html

pytestmark = pytest.mark.slow


def copied_blocks(page: BeautifulSoup) -> list[tuple[str, str]]:
    """(title, code) of each Python block, in page order, as its copy button copies it."""
    blocks = []
    for block in page.select("article div.language-python"):
        title = block.select_one(".filename")
        blocks.append((title.get_text() if title else "", block.select_one("pre > code").get_text()))
    return blocks


def shown_outputs(page: BeautifulSoup) -> list[tuple[str, str]]:
    """("text", ...) for each text output and ("table", ...) for each table, in page order."""
    found = []
    for el in page.select("article .snippet-output, article .snippet-table"):
        if "snippet-table" in el.get("class", []):
            found.append(("table", _words(el)))
        else:
            found.append(("text", el.select_one("code").get_text().strip()))
    return found


def kernel_outputs(cell: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """The same, from an executed cell: stdout (consecutive prints joined), plain-text
    results, and DataFrames' HTML tables. Markdown (math) and figures are not text."""
    found: list[tuple[str, str]] = []
    stdout = ""
    for out in cell.outputs:
        if out.output_type == "stream" and out.name == "stdout":
            stdout += out.text
            continue
        if stdout:
            found.append(("text", stdout.strip()))
            stdout = ""
        data = out.get("data", {})
        if "text/html" in data:
            found.append(("table", _words(BeautifulSoup(data["text/html"], "html.parser"))))
        elif set(data) == {"text/plain"}:
            found.append(("text", data["text/plain"].strip()))
    if stdout:
        found.append(("text", stdout.strip()))
    return found


def _words(el: Tag | BeautifulSoup) -> str:
    for style in el.find_all("style"):
        style.decompose()
    return re.sub(r"\s+", " ", el.get_text()).strip()


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.name for c in CHAPTERS])
def test_copied_code_prints_what_the_page_shows(
    built_site: Path, chapter, reader_kernel: ReaderKernel, tmp_path: Path
) -> None:
    page = BeautifulSoup(page_html(built_site, chapter), "html.parser")
    blocks = copied_blocks(page)
    shown = [s for s in chapter.snippets if s.option("code", "show") != "hide"]
    assert [title for title, _ in blocks] == [s.display_path for s in shown]

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(NOT_IN_THE_REPO)]
    nb.cells += [nbformat.v4.new_code_cell(code) for _, code in blocks]
    folder = tmp_path / "empty"
    folder.mkdir()
    reader_kernel.run(nb, folder)

    printed = [
        output
        for cell, snippet in zip(nb.cells[1:], shown, strict=True)
        if snippet.option("output", "text") != "hide"
        for output in kernel_outputs(cell)
    ]
    assert printed == shown_outputs(page)
