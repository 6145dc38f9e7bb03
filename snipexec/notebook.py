"""Notebook: a chapter as a Jupyter notebook a reader can download and run.

In:  a chapter's page text and its executed run (one code cell per snippet).
Out: a notebook with the page's headings as Markdown cells and the snippets as code
     cells, in page order, carrying the outputs the build produced — the same code and
     the same outputs as the page. Written as ``notebooks/<chapter>.ipynb``.

Headings are demoted one level (``#`` → ``##``): mkdocs-jupyter would otherwise take the
first ``#`` heading as the page title.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from snipexec.collect import DIRECTIVE, lines_outside_fences
from snipexec.execute import ChapterRun

HEADING = re.compile(r"^(#{1,5})\s+(.*\S)\s*$")


def page_outline(text: str) -> list[tuple[str, str]]:
    """("heading", demoted heading) and ("snippet", "") items in page order."""
    items: list[tuple[str, str]] = []
    for _, line in lines_outside_fences(text):
        if heading := HEADING.match(line):
            items.append(("heading", f"#{heading.group(1)} {heading.group(2)}"))
        elif DIRECTIVE.match(line):
            items.append(("snippet", ""))
    return items


def page_title(text: str) -> str | None:
    """The page's first ``#`` heading, as MkDocs would title the page."""
    for _, line in lines_outside_fences(text):
        if line.startswith("# "):
            return line[2:].strip()
    return None


def reader_notebook(run: ChapterRun, page_text: str, page_url: str) -> NotebookNode:
    """The chapter as a notebook; stderr (warnings, progress bars) is left out, as on the page."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = run.notebook.metadata.get(
        "kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"}
    )
    nb.metadata["language_info"] = {"name": "python"}
    code_cells = iter(run.notebook.cells)
    pending: list[str] = []
    for kind, text in page_outline(page_text):
        if kind == "heading":
            pending.append(text)
            continue
        if pending:
            nb.cells.append(nbformat.v4.new_markdown_cell("\n\n".join(pending)))
            pending = []
        source = next(code_cells)
        cell = nbformat.v4.new_code_cell(source.source, execution_count=source.get("execution_count"))
        cell.outputs = [o for o in source.get("outputs", []) if o.get("name") != "stderr"]
        nb.cells.append(cell)
    if pending:
        nb.cells.append(nbformat.v4.new_markdown_cell("\n\n".join(pending)))
    nb.cells.insert(
        1 if nb.cells and nb.cells[0].cell_type == "markdown" else 0,
        nbformat.v4.new_markdown_cell(
            f"*Generated from the page [{page_url}]({page_url}) of The Tested Transformer: "
            "every code cell is a file of its `snippets/` package and every output was "
            "computed when the site was built. Run the cells in order.*"
        ),
    )
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index}"  # stable ids: identical builds give identical files
    return nb


def write_if_changed(path: Path, nb: NotebookNode) -> None:
    """Write the notebook only when its text changed (keeps mtimes, avoids reload loops)."""
    text = nbformat.writes(nb) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
