"""Every chapter is also a notebook: same code, same outputs, formulas rendered, and it runs
top to bottom in a fresh kernel outside the repository after its install cell."""

from __future__ import annotations

import ast
import hashlib
import html
import re
import sys
from importlib import metadata
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from conftest import CHAPTERS, ReaderRun, page_html

from snipexec.figures import DARK_SVG
from snipexec.notebook import (
    INLINE_STYLE_MAX,
    INSTALL_TAG,
    drop_mermaid_loader,
    fold_hidden_sources,
    hidden_source_ids,
    link_stylesheets,
    plain_mermaid,
    prose_cells,
)

pytestmark = pytest.mark.slow
NOTEBOOK_CHAPTERS = [c for c in CHAPTERS if c.name != "index"]  # the front page has none


def test_the_front_page_has_no_notebook(built_site: Path):
    assert not (built_site / "notebooks" / "index.ipynb").exists()
    assert "chapter-notebook" not in (built_site / "index.html").read_text()


def _notebook(site: Path, name: str) -> nbformat.NotebookNode:
    path = site / "notebooks" / name / f"{name}.ipynb"
    assert path.exists(), f"no downloadable notebook for chapter {name} at {path}"
    return nbformat.read(path, as_version=4)


def _snippet_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if c.cell_type == "code" and INSTALL_TAG not in c.metadata.get("tags", [])]


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


@pytest.mark.parametrize("chapter", NOTEBOOK_CHAPTERS, ids=[c.name for c in NOTEBOOK_CHAPTERS])
def test_notebook_has_the_page_code_and_outputs(built_site: Path, chapter):
    nb = _notebook(built_site, chapter.name)
    code = _snippet_cells(nb)
    assert [c.source.strip() for c in code] == [s.code.strip() for s in chapter.snippets]
    headings = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert any(h.startswith("## ") for h in headings), "page headings become markdown cells"

    soup = BeautifulSoup(page_html(built_site, chapter), "html.parser")
    page_outputs = [div.get_text().strip() for div in soup.select(".snippet-output code")]
    notebook_outputs = [
        text
        for cell, snippet in zip(code, chapter.snippets, strict=True)
        if snippet.option("output", "text") == "text"
        for text in _text_blocks(cell)
    ]
    assert notebook_outputs == page_outputs
    figures = sum(1 for cell in code for o in cell.outputs if "image/svg+xml" in o.get("data", {}))
    assert len(soup.select(".snippet-figure")) == figures
    # The page has each figure in both palettes; the notebook keeps one render. (A
    # widget's fallback figure is the snippet's own drawing: one render, which the
    # widget's script replaces on the page.)
    for figure in soup.select(".snippet-figure"):
        if not figure.find_parent(class_="snipexec-widget"):
            palettes = [img["src"].rpartition("#")[2] for img in figure.select("img")]
            assert palettes == ["only-light", "only-dark"], figure
    assert not [o for cell in code for o in cell.outputs if DARK_SVG in o.get("data", {})]


WORD = re.compile(r"[^\W\d_]{2,}")  # words of two letters or more (math and numbers aside)
MATH = re.compile(r"\$\$.+?\$\$|\$[^$]+?\$", re.S)  # inline math may wrap onto the next line
# HTML the conversion writes or a page holds; not `<venv>` or `<s>` in a code span: text.
TAG = re.compile(r"</?(?:details|summary|code|div|span|br|kbd|sub|sup|em|strong|a|p|img)\b[^<>]*>")
# What a chapter page shows that is no prose of its own: each snippet's code, outputs,
# figures, tables and widgets; diagrams; the notebook buttons; headings' permalinks; math.
NOT_PROSE = (
    "pre, .highlight, .snippet-output, .snippet-figure, .snippet-table, .snipexec-widget, "
    ".mermaid, .chapter-notebook, .headerlink, .arithmatex, script, style"
)


def _page_prose_words(page: str) -> list[str]:
    article = BeautifulSoup(page, "html.parser").select_one("article")
    for folded in article.select("details"):  # a snippet's folded code ("Code: …", "Solution")
        if folded.select_one(":scope > .highlight, :scope > pre"):
            folded.decompose()
    for element in article.select(NOT_PROSE):
        element.decompose()
    return WORD.findall(article.get_text(" ").lower())


def _notebook_prose_words(nb: nbformat.NotebookNode) -> list[str]:
    """The words of the Markdown cells (and of Markdown outputs, which the page shows as
    prose), in order; math, tags and link addresses left out."""
    texts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            texts.append(cell.source)
        for output in cell.get("outputs", []):
            texts.append(output.get("data", {}).get("text/markdown", ""))
    text = MATH.sub(" ", "\n\n".join(texts))
    text = re.sub(r"\]\([^)\s]+\)", "] ", text)  # [words](address): the words
    text = html.unescape(TAG.sub(" ", text))
    return WORD.findall(text.lower())


@pytest.mark.parametrize("chapter", NOTEBOOK_CHAPTERS, ids=[c.name for c in NOTEBOOK_CHAPTERS])
def test_notebook_carries_the_page_prose_in_order(built_site: Path, chapter):
    """Every word of the page's prose — paragraphs, lists, tables, asides, questions and
    answers, headings — is in the notebook's Markdown, in the page's order."""
    page = _page_prose_words(page_html(built_site, chapter))
    notebook = _notebook_prose_words(_notebook(built_site, chapter.name))
    assert len(page) > 200, "the page's prose was found"
    at = 0
    for index, word in enumerate(page):
        try:
            at = notebook.index(word, at) + 1
        except ValueError:
            context = " ".join(page[max(0, index - 8) : index + 8])
            pytest.fail(
                f"word {index} of the page's prose, {word!r}, is not in the notebook (in order): {context}"
            )


@pytest.mark.parametrize("chapter", NOTEBOOK_CHAPTERS, ids=[c.name for c in NOTEBOOK_CHAPTERS])
def test_notebook_folds_what_the_page_folds_and_links_to_the_site(built_site: Path, chapter):
    """A solution (and code the page folds or hides) is a folded cell; links lead to the
    site, not to Markdown files; no Material-only syntax is left in the Markdown."""
    nb = _notebook(built_site, chapter.name)
    for cell, snippet in zip(_snippet_cells(nb), chapter.snippets, strict=True):
        folded = cell.metadata.get("jupyter", {}).get("source_hidden", False)
        assert folded == (snippet.option("code", "show") != "show"), snippet.display_path
        assert (cell.metadata.get("cellView") == "form") == folded, snippet.display_path
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert not re.search(r"\]\((?!https?://)[^)]*\)", markdown), "a link that is not an address"
    assert not re.search(r"^(?:!!!|\?\?\?|===) ", markdown, re.M), "an admonition or tab left as it is"
    assert "!snippet" not in markdown and "{eval}" not in markdown
    solutions = [s for s in chapter.snippets if s.option("code", "show") == "solution"]
    assert markdown.count("**Solution**") == len(solutions)


def test_material_syntax_becomes_markdown_that_jupyter_reads():
    page = (
        "# Title { #top }\n\nSee [masks](attention.md#masks), [here](#step-2), [home](index.md),\n"
        "![a plot](assets/plot.png){ width=300 }, [out](https://example.org/a.md) and `[x](y.md)`.\n\n"
        '!!! note "A $k$ aside"\n    Body with\n\n    $$\n    x = \\frac{a}{b}\n    $$\n\n'
        "!!! warning\n    Careful.\n\n"
        '??? question "Why `a<b` and $\\sqrt{d_k}$, \\"quoted\\"?"\n    Because.\n\n    More.\n\n'
        '=== "PyTorch"\n    Tab text.\n\n'
        '<div class="grid" markdown>\n\nInside.\n\n</div>\n\n'
        "```mermaid\nflowchart TD\n    A --> B\n```\n\n"
        '```text title="out"\n# not a heading\n```\n\n'
        "!snippet ch/one.py\n\n## Next\n\nMore prose with $\\sum_{i=1}^n$.\n"
    )
    # A heading begins a cell (demoted: the notebook's title is its name); a snippet is a code cell.
    first, snippet, last = prose_cells(page, "https://site.example/guide/ch/")
    assert snippet is None and last == "### Next\n\nMore prose with $\\sum_{i=1}^n$."
    site = "https://site.example/guide/"
    expected = (
        f"## Title\n\nSee [masks]({site}attention/#masks), [here]({site}ch/#step-2), [home]({site}),\n"
        f"![a plot]({site}assets/plot.png), [out](https://example.org/a.md) and `[x](y.md)`.\n\n"
        "> **A $k$ aside**\n>\n> Body with\n>\n> $$ x = \\frac{a}{b} $$\n\n"
        "> **Warning**\n>\n> Careful.\n\n"
        '<details><summary>Why <code>a&lt;b</code> and $\\sqrt{d_k}$, "quoted"?</summary>\n\n'
        "Because.\n\nMore.\n\n</details>\n\n"
        "**PyTorch**\n\nTab text.\n\n"
        '<div class="grid">\n\nInside.\n\n</div>\n\n'
        "```mermaid\nflowchart TD\n    A --> B\n```\n\n"
        "```text\n# not a heading\n```"
    )
    assert first == expected


def test_the_rendered_notebook_loads_no_mermaid_from_a_cdn():
    loader = (
        '<script type="module">\n  const m = (await import("https://cdn.example/mermaid.mjs"));\n</script>\n'
    )
    notebook = f'<div class="jupyter-wrapper"><pre class="mermaid">A</pre>{loader}</div>'
    page = f"<script>keep()</script>{loader}{notebook}"
    assert drop_mermaid_loader(page) == f"<script>keep()</script>{notebook}"  # the notebook left alone


def test_a_rendered_notebook_folds_the_input_of_each_hidden_cell_and_only_that():
    nb = {
        "cells": [{"id": "a", "metadata": {"jupyter": {"source_hidden": True}}}, {"id": "b", "metadata": {}}]
    }
    assert hidden_source_ids(nb) == ["a"]

    def cell(i: str) -> str:
        inputs = '<div class="jp-Cell-inputWrapper"><div><pre>x</pre></div></div>'
        return f'<div class="jp-Cell" id="cell-id={i}">{inputs}<div class="jp-OutputArea">out</div></div>'

    folded = fold_hidden_sources(cell("a") + cell("b"), ["a"])
    inputs = '<div class="jp-Cell-inputWrapper"><div><pre>x</pre></div></div>'
    assert folded.count("<details") == 1 and folded.count("</details>") == 1
    assert (
        f'</summary>{inputs}</details><div class="jp-OutputArea">out</div></div>' in folded
    )  # outputs shown
    assert folded.endswith(cell("b"))


def test_a_rendered_notebook_diagram_is_a_bare_pre_with_its_source_escaped():
    # nbconvert: a wrapper its stylesheet hides, and a label's <br/> left as markup.
    rendered = '<div class="jp-Mermaid"><pre class="mermaid">\nA["x<br/>y"] --&gt; B\n</pre></div>'
    assert (
        plain_mermaid(f"<p>a</p>{rendered}")
        == '<p>a</p><pre class="mermaid">\nA["x&lt;br/&gt;y"] --&gt; B\n</pre>'
    )


@pytest.mark.parametrize("chapter", NOTEBOOK_CHAPTERS, ids=[c.name for c in NOTEBOOK_CHAPTERS])
def test_notebook_starts_by_installing_every_library_it_imports_pinned(built_site: Path, chapter):
    nb = _notebook(built_site, chapter.name)
    code = [c for c in nb.cells if c.cell_type == "code"]
    install = code[0]
    assert INSTALL_TAG in install.metadata.get("tags", []), "the first code cell installs"
    (pip_line,) = [line for line in install.source.splitlines() if line.startswith("%pip install ")]
    pins = dict(p.split("==") for p in pip_line.split()[2:])
    dists = metadata.packages_distributions()
    for cell in code[1:]:
        for node in ast.walk(ast.parse(cell.source)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for top in {n.split(".")[0] for n in names} - set(sys.stdlib_module_names) - {"IPython"}:
                (dist,) = {metadata.metadata(d)["Name"] for d in dists[top]}
                assert pins.get(dist) == metadata.version(dist).split("+")[0], f"{top}: {pip_line}"
    if any("gguf_file" in cell.source for cell in code):
        assert {"gguf", "accelerate"} <= set(pins), "transformers reads GGUF files with these"


def test_notebook_pages_link_their_template_stylesheets_as_shared_files(built_site: Path):
    """mkdocs-jupyter inlines ~590 KiB of CSS in every notebook page; the pages link
    files named by content instead, each the CSS the template had inlined."""
    linked: set[str] = set()
    for chapter in NOTEBOOK_CHAPTERS:
        page = built_site / "notebooks" / chapter.name / "index.html"
        soup = BeautifulSoup(page.read_text(), "html.parser")
        typed = soup.find_all("style", type="text/css")  # what the template writes
        assert max((len(style.get_text()) for style in typed), default=0) <= INLINE_STYLE_MAX
        hrefs = [a["href"] for a in soup.find_all("link", rel="stylesheet") if "/notebook-" in a["href"]]
        assert len(hrefs) >= 1, chapter.name
        for href in hrefs:
            css = (page.parent / href).resolve()
            assert css.name == f"notebook-{hashlib.sha256(css.read_bytes()).hexdigest()[:16]}.css"
            linked.add(css.name)
    css = "".join((built_site / "assets" / "stylesheets" / name).read_text() for name in linked)
    assert ".jupyter-wrapper .jp-InputArea{display:flex" in css  # the notebook's own styles


def test_link_stylesheets_keeps_the_cascade_and_the_notebook():
    big_a, big_b = "a{color:red}" * 100, "b{color:blue}" * 100
    html = (
        f'<script>x</script><style type="text/css">\n{big_a}</style><style type="text/css">p{{}}</style>'
        f'<style>{big_b}</style><style type="text/css">{big_b}</style>'
        f'<div class="jupyter-wrapper"><style type="text/css">{big_a}</style></div>'
    )
    seen: list[str] = []
    out = link_stylesheets(html, lambda css: seen.append(css) or f"s{len(seen)}.css")
    assert seen == [big_a, big_b]  # in document order; only the typed template styles
    assert out == (
        '<script>x</script><link rel="stylesheet" href="s1.css"><style type="text/css">p{}</style>'
        f'<style>{big_b}</style><link rel="stylesheet" href="s2.css">'
        f'<div class="jupyter-wrapper"><style type="text/css">{big_a}</style></div>'
    )
    assert link_stylesheets("<p>no notebook</p>", lambda css: "x") == "<p>no notebook</p>"


@pytest.mark.parametrize("chapter", NOTEBOOK_CHAPTERS, ids=[c.name for c in NOTEBOOK_CHAPTERS])
def test_notebook_page_renders_math_and_shows_no_latex_source(built_site: Path, chapter):
    html = (built_site / "notebooks" / chapter.name / "index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    for text in soup.select(".jp-OutputArea-output pre"):
        assert "\\begin{" not in text.get_text() and "$$" not in text.get_text(), text.get_text()[:200]
    nb = _notebook(built_site, chapter.name)
    math = [
        o for c in nb.cells for o in c.get("outputs", []) if "$" in o.get("data", {}).get("text/markdown", "")
    ]
    assert len(soup.select(".jp-OutputArea-output.jp-RenderedMarkdown")) >= len(math)


@pytest.mark.parametrize("chapter", NOTEBOOK_CHAPTERS, ids=[c.name for c in NOTEBOOK_CHAPTERS])
def test_notebook_runs_top_to_bottom_in_a_fresh_kernel_outside_the_repo(
    built_site: Path, chapter, reader_runs: dict[str, ReaderRun]
):
    """Its cells after the install cell are exactly the page's copy-button code, which
    the reader test runs in a fresh kernel outside the repository (conftest.reader_runs,
    run once and shared); that run prints what the notebook stores, cell by cell."""
    nb = _notebook(built_site, chapter.name)
    run = reader_runs[chapter.name]
    cells = _snippet_cells(nb)
    assert [c.source.strip() for c in cells] == [code.strip() for _, code in run.blocks]
    if run.error is not None:
        raise run.error
    assert [_stdout(c) for c in run.nb.cells[1:]] == [_stdout(c) for c in cells]


def test_install_pins_are_remembered_per_imports_and_installed_distributions(tmp_path: Path, monkeypatch):
    """A warm build reads the pins from a memo instead of every installed distribution's
    metadata; the memo answers only for the same imports and the same installed set."""
    from snipexec import notebook

    memo = tmp_path / "requirements.json"
    code = ["import torch\nfrom transformers import AutoModel\n"]
    pins = notebook.requirements(code, memo)
    assert pins == notebook.requirements(code) and f"torch=={metadata.version('torch').split('+')[0]}" in pins
    assert memo.exists()

    def no_metadata(*args: object) -> list[str]:
        raise AssertionError("read the installed metadata although the memo knew the answer")

    monkeypatch.setattr(notebook, "_pins", no_metadata)
    assert notebook.requirements(code, memo) == pins  # from the memo
    with pytest.raises(AssertionError, match="installed metadata"):
        notebook.requirements(["import numpy\n"], memo)  # other imports: computed
    monkeypatch.setattr(notebook, "installed_fingerprint", lambda: "another set of distributions")
    with pytest.raises(AssertionError, match="installed metadata"):
        notebook.requirements(code, memo)  # something installed or upgraded: computed
