"""Notebook: a chapter as a Jupyter notebook a reader can download and run.

In:  a chapter's page text and its executed run (one code cell per snippet).
Out: a notebook with the page's headings as Markdown cells and the snippets as code
     cells, in page order, carrying the outputs the build produced — the same code and
     the same outputs as the page. Written as ``notebooks/<chapter>.ipynb``.

Headings are demoted one level (``#`` → ``##``): mkdocs-jupyter would otherwise take the
first ``#`` heading as the page title. An inline value (``{eval}`...```) in a heading
shows its text, as on the page.

The first code cell installs what the snippets import (``%pip install``), pinned to the
versions that computed the outputs, so the notebook runs top to bottom in a fresh Colab
runtime or virtual environment. It is tagged ``install``.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable
from html import escape
from importlib import metadata
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from snipexec import collect, render
from snipexec.collect import DIRECTIVE, Snippet, lines_outside_fences
from snipexec.deps import installed_fingerprint, packages_distributions, write_whole
from snipexec.execute import ChapterRun
from snipexec.figures import ALT, DARK_SVG
from snipexec.render import figure_alt, render_values

HEADING = re.compile(r"^(#{1,5})\s+(.*\S)\s*$")
INSTALL_TAG = "install"
# Imported but not installed by the notebook: a Jupyter kernel (Colab's included) runs on
# IPython, and re-installing it there would replace the running front end's own version.
PROVIDED_BY_JUPYTER = {"ipython"}
# Installed because outputs depend on them, though snippets do not import them by name.
ALSO_NEEDED = {
    "transformers": ["tokenizers"],  # the tokenizers that turn text into ids
}
GGUF_NEEDS = ["gguf", "accelerate"]  # transformers reads a gguf_file=... with these


def requirements(sources: Iterable[str], memo: Path | None = None) -> list[str]:
    """``name==version`` of every installed distribution the code imports (top-level
    ``import``/``from`` statements), plus :data:`ALSO_NEEDED` and, for code that loads a
    ``gguf_file``, :data:`GGUF_NEEDS` — sorted, at the versions installed here.

    Standard-library modules, modules of no installed distribution (the project's own)
    and :data:`PROVIDED_BY_JUPYTER` are left out.

    `memo`: a JSON file remembering the answer per set of imported modules and installed
    distributions, so a warm build does not read every installed distribution's metadata.
    """
    tops: set[str] = set()
    gguf = False
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                tops.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                tops.add(node.module.split(".")[0])
        gguf = gguf or "gguf_file" in source
    key = hashlib.sha256(json.dumps([sorted(tops), gguf, installed_fingerprint()]).encode()).hexdigest()
    known = _read_memo(memo)
    if key not in known:
        known[key] = _pins(tops - set(sys.stdlib_module_names), gguf)
        if memo is not None:
            write_whole(memo, json.dumps(known, indent=0, sort_keys=True))
    return list(known[key])


def _read_memo(memo: Path | None) -> dict[str, list[str]]:
    try:
        return json.loads(memo.read_text()) if memo is not None else {}
    except (OSError, ValueError):
        return {}  # absent or damaged: recompute


def _pins(tops: set[str], gguf: bool) -> list[str]:
    dists = packages_distributions()
    names = {metadata.metadata(dist)["Name"] for top in tops for dist in dists.get(top, [])}
    names.update(n for top in tops if dists.get(top) for n in ALSO_NEEDED.get(top, []))
    if gguf:
        names.update(GGUF_NEEDS)
    names = {n for n in names if n.lower() not in PROVIDED_BY_JUPYTER}
    # "2.13.0+cpu" -> "2.13.0": the local label names a build (CPU, CUDA), not the code.
    return sorted((f"{n}=={metadata.version(n).split('+')[0]}" for n in names), key=str.lower)


def install_cell(sources: Iterable[str], memo: Path | None = None) -> NotebookNode:
    """The notebook's first code cell: ``%pip install`` of :func:`requirements`."""
    pins = requirements(sources, memo)
    lines = [
        "# What the cells below import, at the versions that computed their outputs.",
        "# Colab has most of them: pip keeps what is already there at that version.",
        "# No GPU? Add --extra-index-url https://download.pytorch.org/whl/cpu (a smaller torch).",
        "%pip install " + " ".join(pins) if pins else "# Nothing to install: only the standard library.",
    ]
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.metadata["tags"] = [INSTALL_TAG]
    return cell


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


def reader_notebook(run: ChapterRun, page_text: str, page_url: str, memo: Path | None = None) -> NotebookNode:
    """The chapter as a notebook; stderr (warnings, progress bars) is left out, as on the page."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = run.notebook.metadata.get(
        "kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"}
    )
    nb.metadata["language_info"] = {"name": "python"}
    code_cells = iter(run.notebook.cells)
    snippets = iter(run.chapter.snippets)
    if run.chapter.values:
        page_text = render_values(page_text, run.chapter, run.record.get("inline", []))
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
        snippet = next(snippets)
        outputs = (o for o in source.get("outputs", []) if o.get("name") != "stderr")
        cell.outputs = [_one_palette(o, snippet) for o in outputs]
        nb.cells.append(cell)
    if pending:
        nb.cells.append(nbformat.v4.new_markdown_cell("\n\n".join(pending)))
    at = 1 if nb.cells and nb.cells[0].cell_type == "markdown" else 0
    nb.cells[at:at] = [
        nbformat.v4.new_markdown_cell(
            f"*Generated from the page [{page_url}]({page_url}) of The Tested Transformer: "
            "after the install cell, every code cell is a snippet of the page, and every "
            "output was computed when the site was built. Run the cells in order.*"
        ),
        install_cell((cell.source for cell in run.notebook.cells), memo),
    ]
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index}"  # stable ids: identical builds give identical files
    return nb


def _one_palette(output: NotebookNode, snippet: Snippet) -> NotebookNode:
    """A notebook keeps one render of each figure: the light one, as Jupyter shows it;
    and under :data:`ALT` its whole alternative text, as the page's (:func:`figure_alt`),
    which :func:`describe_images` gives the rendered notebook's image."""
    data = output.get("data", {})
    if not any(mime in data for mime in IMAGES):
        return output
    output = copy.deepcopy(output)
    output.data.pop(DARK_SVG, None)
    output.data[ALT] = figure_alt(data, snippet)
    return output


# The code that makes a notebook, as loaded (a later edit of the files takes a restart).
MAKER = hashlib.sha256(
    b"".join(Path(module).read_bytes() for module in (__file__, collect.__file__, render.__file__))
    + DARK_SVG.encode()
).hexdigest()


def write_notebook(
    path: Path, run: ChapterRun, page_text: str, page_url: str, memo: Path | None = None
) -> None:
    """Write :func:`reader_notebook` to `path`, unless the file holds it already.

    Making it costs ~20 ms a chapter (every cell, the install cell's pins), for nothing
    in a warm build. So a file beside it (``<chapter>.inputs.json``) keeps a hash of all
    it is made from — the run's notebook (code and outputs, hence the imports the pins
    come from), its inline values, the page's text and URL, what is installed (the pins' versions), the code
    that makes it (:data:`MAKER`) — and a hash of the text written. While both match, the
    file is left alone; any difference makes it again, written only if its text changed
    (which keeps its mtime, and `mkdocs serve` out of reload loops).
    """
    made_from = hashlib.sha256(
        json.dumps(
            [run.notebook, run.record.get("inline"), page_text, page_url, installed_fingerprint(), MAKER],
            sort_keys=True,
        ).encode()
    ).hexdigest()
    record = path.with_suffix(".inputs.json")
    try:
        known = json.loads(record.read_text())
        if known == {"made_from": made_from, "text": hashlib.sha256(path.read_bytes()).hexdigest()}:
            return
    except (OSError, ValueError):
        pass  # never written, or damaged: make it
    text = nbformat.writes(reader_notebook(run, page_text, page_url, memo)) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        write_whole(path, text)  # another build's mkdocs-jupyter may be reading it
    digest = hashlib.sha256(text.encode()).hexdigest()
    write_whole(record, json.dumps({"made_from": made_from, "text": digest}))


# mkdocs-jupyter's template puts the notebook's stylesheets inline, before the notebook
# itself: ~590 KiB of the same CSS in every rendered notebook page. (No option of
# mkdocs-jupyter links them instead, hence this.)
_STYLE_OPEN, _STYLE_CLOSE = '<style type="text/css">', "</style>"
_NOTEBOOK_START = '<div class="jupyter-wrapper">'
INLINE_STYLE_MAX = 1024


def link_stylesheets(html: str, url: Callable[[str], str]) -> str:
    """Replace each stylesheet over :data:`INLINE_STYLE_MAX` characters that mkdocs-jupyter's
    template inlines before a rendered notebook by ``<link rel="stylesheet" href=url(css)>``.

    Each link stands where its style stood, so the cascade is unchanged; the notebook
    after it is left alone. Every notebook page then shares one cacheable file instead of
    carrying the CSS itself, and is a quarter of the size to write, index and download.
    (`str.find`, not a regular expression: a lazy match over 590 KiB took ~7 ms a page.)
    """
    end = html.find(_NOTEBOOK_START)
    if end < 0:
        return html
    parts: list[str] = []
    at = 0
    while 0 <= (opened := html.find(_STYLE_OPEN, at, end)):
        closed = html.find(_STYLE_CLOSE, opened, end)
        if closed < 0:
            break
        begins = opened + len(_STYLE_OPEN)
        css = html[begins + html.startswith("\n", begins) : closed]  # one copy of ~590 KiB
        if len(css) > INLINE_STYLE_MAX:
            parts += [html[at:opened], f'<link rel="stylesheet" href="{url(css)}">']
        else:
            parts.append(html[at : closed + len(_STYLE_CLOSE)])
        at = closed + len(_STYLE_CLOSE)
    return "".join(parts) + html[at:]


# The images of a rendered notebook (nbconvert's lab template, which gives them no alt):
# one per output that has an image, in the notebook's order.
IMAGES = ("image/svg+xml", "image/png")
_RENDERED_IMAGE = re.compile(r'(<div class="jp-Rendered(?:SVG|Image)\b[^>]*>\s*<img) ')


def image_alts(nb: dict) -> list[str]:
    """The alternative text of each image output of a reader notebook, in order."""
    return [
        "".join(output["data"].get(ALT, ""))  # a notebook file may store text as a list of lines
        for cell in nb.get("cells", [])
        for output in cell.get("outputs", [])
        if any(mime in output.get("data", {}) for mime in IMAGES)
    ]


def describe_images(html: str, alts: list[str]) -> str:
    """Give the images of a rendered notebook their alternative text (:func:`image_alts`).
    Left alone if the images and the texts do not pair up one to one."""
    if len(_RENDERED_IMAGE.findall(html)) != len(alts):
        return html
    texts = iter(alts)
    return _RENDERED_IMAGE.sub(lambda m: f'{m.group(1)} alt="{escape(next(texts), quote=True)}" ', html)
