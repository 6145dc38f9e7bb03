"""Notebook: a chapter as a Jupyter notebook a reader can download and run.

In:  a chapter's page text and its executed run (one code cell per snippet).
Out: the whole chapter as a notebook: the page's prose, formulas, tables, asides and
     questions as Markdown cells, and the snippets as code cells in their places, carrying
     the outputs the build produced — the same code and the same outputs as the page.
     Written as ``notebooks/<chapter>.ipynb``.

The page's Markdown becomes Markdown that Jupyter, Colab and mkdocs-jupyter read
(:func:`prose_cells`): each heading begins a cell, demoted one level (``#`` → ``##``:
mkdocs-jupyter would otherwise take the first ``#`` heading as the page title); math keeps
the pages' ``$…$``/``$$…$$``; links to other pages and images become addresses on the site;
an aside (``!!! note "Title"``) becomes a blockquote under its bold title, a collapsible
one (``??? question``) a ``<details>`` element, a tab its bold title and body; attribute
lists and md_in_html's ``markdown`` attribute go; Mermaid fences stay (JupyterLab 4.1+
draws them, Colab shows their text; on the site, Material mounts them in the rendered
notebook but they come out empty so far). An inline value
(``{eval}`...```) shows its text, as on the page. A snippet whose code the page folds or
hides (an exercise's solution) is a folded cell, in the page's order: starter, solution,
check, so the notebook runs top to bottom.

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
from collections.abc import Callable, Iterable, Iterator
from html import escape, unescape
from importlib import metadata
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import nbformat
from nbformat import NotebookNode

from snipexec import collect, render
from snipexec.collect import DIRECTIVE, Snippet, lines_outside_fences
from snipexec.deps import installed_fingerprint, packages_distributions, write_whole
from snipexec.execute import ChapterRun
from snipexec.figures import ALT, DARK_SVG
from snipexec.render import figure_alt, render_values

HEADING = re.compile(r"^(#{1,5})\s+(.*\S)\s*$")
# A snippet whose code the page folds (or hides) is folded in the notebook too: JupyterLab
# and Jupyter Notebook 7 read nbformat's "jupyter.source_hidden", Colab its "cellView".
FOLDED = ("collapsed", "solution", "hide")
FOLDED_CELL = {"jupyter": {"source_hidden": True}, "cellView": "form"}
SOLUTION_NOTE = (
    "**Solution** (folded: click the bar to show the code). The cell runs after the starter so "
    "that the notebook runs top to bottom; to test your own code, run the starter and then "
    "the check, skipping this cell."
)
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


# --- The page's prose, as Markdown that Jupyter and Colab read ------------------------
# The pages are Python-Markdown with Material's extensions; a notebook's Markdown cells are
# CommonMark with `$…$`/`$$…$$` math (the pages' own delimiters: arithmatex reads them as
# written). What only Material reads becomes plain Markdown or HTML every viewer shows.

ADMONITION = re.compile(
    r'^(?P<kind>!!!|\?\?\?\+?)[ \t]+(?P<type>[\w-]+)(?:[ \t]+"(?P<title>(?:[^"\\]|\\.)*)")?[ \t]*$'
)
TAB = re.compile(r'^===\+?[ \t]+"(?P<title>(?:[^"\\]|\\.)*)"[ \t]*$')
# An attribute list ({ #id .class key=value }, {: ... }), which only Python-Markdown reads.
ATTR_LIST = re.compile(
    r'[ \t]*\{:?[ \t]*(?:[#.][\w-]+|[\w-]+=(?:"[^"]*"|\'[^\']*\'|[^\s}]+))'
    r'(?:[ \t]+(?:[#.][\w-]+|[\w-]+=(?:"[^"]*"|\'[^\']*\'|[^\s}]+)))*[ \t]*\}'
)
MD_IN_HTML = re.compile(r'(<[A-Za-z][^<>]*?)[ \t]+markdown(?:=(?:"[^"]*"|\'[^\']*\'|[^\s>]+))?(?=[\s/>])')
LINK_TARGET = re.compile(r"(\]\(\s*<?)([^)\s>]+)")  # [text](target "title"), ![alt](target)
LINK_DEFINITION = re.compile(r"^([ \t]{0,3}\[[^\]]+\]:[ \t]*<?)(\S+?)(>?(?:[ \t].*)?)$")
ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:")
CODE_SPAN = re.compile(r"(`+)(?:.+?)(?<!`)\1(?!`)")
# What a line's links and attribute lists are looked for outside of: code spans and math.
CODE_OR_MATH = re.compile(r"(`+)(?:.+?)(?<!`)\1(?!`)|\$\$.+?\$\$|(?<![\\$])\$[^$]+?(?<!\\)\$")
FENCE_INFO = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[^\s{`]*)")


def prose_cells(text: str, page_url: str) -> list[str | None]:
    """The page as the Markdown of its notebook's cells, and ``None`` where each snippet
    stands, in page order. A heading begins a cell (Jupyter folds a section under its
    heading, and lists the headings as the notebook's contents); headings are demoted
    one level, as mkdocs-jupyter would take the first ``#`` as the notebook's title."""
    cells: list[str | None] = []
    lines: list[str] = []

    def close() -> None:
        cell = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")  # one blank line between blocks
        if cell.strip():
            cells.append(cell)
        lines.clear()

    for kind, chunk in _blocks(text.splitlines()):
        if kind == "snippet":
            close()
            cells.append(None)
        elif kind == "heading":
            close()
            level, title = HEADING.match(chunk[0]).groups()  # type: ignore[union-attr]
            lines.append(f"#{level} {_inline(ATTR_LIST.sub('', title), page_url)}")
        else:
            lines.extend(_markdown(kind, chunk, page_url))
    close()
    return cells


def _blocks(lines: list[str]) -> Iterator[tuple[str, list[str]]]:
    """The page's top-level pieces: ("snippet" | "heading" | "fence" | "admonition" |
    "tab" | "line", its lines). A fence, an admonition or a tab takes every line of it."""
    i = 0
    while i < len(lines):
        line = lines[i]
        if fence := FENCE_INFO.match(line):
            end = _fence_end(lines, i, fence.group("fence"))
            yield "fence", lines[i : end + 1]
            i = end + 1
        elif DIRECTIVE.match(line):
            yield "snippet", [line]
            i += 1
        elif HEADING.match(line):
            yield "heading", [line]
            i += 1
        elif ADMONITION.match(line) or TAB.match(line):
            end = i + 1  # the body: indented lines, and blank lines between them
            while end < len(lines) and (not lines[end].strip() or lines[end].startswith(("    ", "\t"))):
                end += 1
            while end > i + 1 and not lines[end - 1].strip():
                end -= 1
            yield ("admonition" if ADMONITION.match(line) else "tab"), lines[i:end]
            i = end
        else:
            yield "line", [line]
            i += 1


def _fence_end(lines: list[str], start: int, marker: str) -> int:
    """The line closing the fence opened at `start` (the last line if none does)."""
    for end in range(start + 1, len(lines)):
        closing = FENCE_INFO.match(lines[end])
        if closing and closing.group("fence")[0] == marker[0] and len(closing.group("fence")) >= len(marker):
            if not closing.group("lang"):
                return end
    return len(lines) - 1


def _markdown(kind: str, chunk: list[str], page_url: str) -> list[str]:
    """One piece of the page (see :func:`_blocks`) as notebook Markdown."""
    if kind == "fence":
        # Keep the language only: a title or line numbers ({ title="…" }) are Material's.
        opening = FENCE_INFO.match(chunk[0])
        return [opening.group("indent") + opening.group("fence") + opening.group("lang"), *chunk[1:]]  # type: ignore[union-attr]
    if kind == "line":
        line = chunk[0]
        if ABBREVIATION.match(line):
            return []  # an abbreviation's definition: a tooltip on the page, nothing here
        if definition := LINK_DEFINITION.match(line):
            return [definition.group(1) + _absolute(definition.group(2), page_url) + definition.group(3)]
        return [_inline(line, page_url)]
    head, body = chunk[0], _dedent(chunk[1:])
    inner: list[str] = []
    for part_kind, part in _blocks(body):
        inner.extend(_markdown("line" if part_kind in ("snippet", "heading") else part_kind, part, page_url))
    if kind == "tab":  # === "Tab": the tabs one after another, each under its title
        return ["", f"**{_inline(_unquote(TAB.match(head).group('title')), page_url)}**", "", *inner, ""]  # type: ignore[union-attr]
    admonition = ADMONITION.match(head)
    assert admonition is not None
    kind_, title = admonition.group("kind"), admonition.group("title")
    title = admonition.group("type").capitalize() if title is None else _unquote(title)
    if kind_.startswith("???"):  # collapsible: folded in Jupyter and Colab too
        opened = " open" if kind_.endswith("+") else ""
        summary = f"<summary>{_html(title)}</summary>" if title else ""
        return ["", f"<details{opened}>{summary}", "", *inner, "", "</details>", ""]
    # An aside: a blockquote under its bold title. A formula in it stays on one line, as
    # Jupyter finds math before Markdown and would read the quote's ">" as LaTeX.
    quoted = ([f"**{_inline(title, page_url)}**", ""] if title else []) + _one_line_math(inner)
    return ["", *(f"> {line}".rstrip() for line in quoted), ""]


def _dedent(lines: list[str]) -> list[str]:
    return [
        line[4:] if line.startswith("    ") else line.lstrip("\t") if line.startswith("\t") else line
        for line in lines
    ]


def _unquote(title: str) -> str:
    # A title's quotes are written \" inside it; any other backslash is the title's own.
    return title.replace('\\"', '"')


def _one_line_math(lines: list[str]) -> list[str]:
    """Display math (``$$`` … ``$$`` over several lines) joined onto one line."""
    out: list[str] = []
    math: list[str] | None = None
    for line in lines:
        if math is None and line.strip() == "$$":
            math = []
        elif math is not None and line.strip() == "$$":
            out.append("$$ " + " ".join(part.strip() for part in math) + " $$")
            math = None
        elif math is not None:
            math.append(line)
        else:
            out.append(line)
    return out if math is None else out + ["$$", *math]


def _outside_code(line: str, change: Callable[[str], str]) -> str:
    """`line` with `change` applied to the text outside its code spans and math."""
    parts, at = [], 0
    for span in CODE_OR_MATH.finditer(line):
        parts += [change(line[at : span.start()]), span.group()]
        at = span.end()
    return "".join(parts) + change(line[at:])


def _inline(line: str, page_url: str) -> str:
    """A line of prose: links to the site's pages absolute, attribute lists and the
    ``markdown`` attribute of HTML blocks (md_in_html) gone."""

    def change(text: str) -> str:
        text = LINK_TARGET.sub(lambda m: m.group(1) + _absolute(m.group(2), page_url), text)
        return MD_IN_HTML.sub(r"\1", ATTR_LIST.sub("", text))

    return _outside_code(line, change)


def _absolute(target: str, page_url: str) -> str:
    """A link of the page as an address on the site: ``attention.md#masks`` →
    ``<site>/attention/#masks``, ``#masks`` → ``<page>#masks``, an image beside the pages
    → ``<site>/<path>``. Addresses with a scheme, and site-absolute paths, stay."""
    if urlsplit(target).scheme or target.startswith(("/", "mailto:")):
        return target
    path, _, anchor = target.partition("#")
    if not path:
        return f"{page_url}#{anchor}"
    directory_urls = page_url.endswith("/")
    if path.endswith(".md"):
        stem = path[: -len(".md")]
        if directory_urls:
            path = "" if stem == "index" else stem[: -len("index")] if stem.endswith("/index") else stem + "/"
        else:
            path = stem + ".html"
    # A chapter is docs/<name>.md: its links are relative to the docs folder, its address
    # is <site>/<name>/ (or <site>/<name>.html).
    site = urljoin(page_url, "../" if directory_urls else ".")
    url = urljoin(site, path)
    return f"{url}#{anchor}" if anchor else url


def _html(title: str) -> str:
    """A title in HTML (a ``<summary>``, where Markdown is not read): code spans as
    ``<code>``, everything else escaped text; math stays ``$…$`` for the typesetter."""
    parts, at = [], 0
    for span in CODE_SPAN.finditer(title):
        code = span.group().strip("`")
        if code.startswith(" ") and code.endswith(" ") and code.strip():
            code = code[1:-1]
        parts += [_text(title[at : span.start()]), f"<code>{escape(code, quote=False)}</code>"]
        at = span.end()
    return "".join(parts) + _text(title[at:])


def _text(text: str) -> str:
    # Escaped, but keeping the character references an inline value's text is written in.
    return re.sub(r"&amp;(#\d+;)", r"&\1", escape(text, quote=False))


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
    for markdown in prose_cells(page_text, page_url):
        if markdown is not None:
            nb.cells.append(nbformat.v4.new_markdown_cell(markdown))
            continue
        source = next(code_cells)
        cell = nbformat.v4.new_code_cell(source.source, execution_count=source.get("execution_count"))
        snippet = next(snippets)
        outputs = (o for o in source.get("outputs", []) if o.get("name") != "stderr")
        cell.outputs = [_one_palette(o, snippet) for o in outputs]
        if snippet.option("code", "show") in FOLDED:
            if snippet.option("code", "show") == "solution":
                nb.cells.append(nbformat.v4.new_markdown_cell(SOLUTION_NOTE))
            cell.metadata.update(copy.deepcopy(FOLDED_CELL))
        nb.cells.append(cell)
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
    carrying the CSS itself, and is a fifth to a little over half of the size to write,
    index and download.
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


# nbconvert's template also carries a loader that imports Mermaid from a CDN when the
# notebook draws a diagram. The site needs none: Material draws every ``pre.mermaid`` of
# a page with the site's own Mermaid, the notebook's diagrams included.
_MODULE_SCRIPT = re.compile(
    r'<script type="module">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*</script>\s*', re.S
)


def drop_mermaid_loader(html: str) -> str:
    """A rendered notebook without the template's CDN Mermaid loader (before the notebook
    itself; the notebook is left alone)."""
    end = html.find(_NOTEBOOK_START)
    if end < 0:
        return html
    return _MODULE_SCRIPT.sub("", html[:end]) + html[end:]


# nbconvert wraps each diagram as <div class="jp-Mermaid"><pre class="mermaid">, and its
# stylesheet hides a .jp-Mermaid until nbconvert's own (dropped) loader has drawn it: the
# diagram Material draws inside stays 0x0. It also leaves a label's <br/> unescaped, so the
# browser parses it as an element and the line break never reaches Mermaid.
_NBCONVERT_MERMAID = re.compile(r'<div class="jp-Mermaid">\s*<pre class="mermaid">(.*?)</pre>\s*</div>', re.S)


def plain_mermaid(html: str) -> str:
    """Each diagram of a rendered notebook as the chapter pages have it: a bare
    ``pre.mermaid`` whose source is escaped text (entities nbconvert did escape kept once)."""
    return _NBCONVERT_MERMAID.sub(
        lambda m: f'<pre class="mermaid">{escape(unescape(m[1]), quote=False)}</pre>', html
    )


# nbconvert ignores "jupyter.source_hidden" (FOLDED_CELL): the site folds those inputs
# itself, each in a <details> that Material draws as a collapsible block.
_DIV = re.compile(r"<div\b|</div>")
FOLDED_SUMMARY = "Code (folded: click to show)"


def hidden_source_ids(nb: dict) -> list[str]:
    """The ids of a notebook's cells whose code is folded (:data:`FOLDED_CELL`)."""
    return [
        c["id"] for c in nb.get("cells", []) if c.get("metadata", {}).get("jupyter", {}).get("source_hidden")
    ]


def fold_hidden_sources(html: str, ids: Iterable[str]) -> str:
    """Fold the input of each rendered cell of `ids` (nbconvert: ``id="cell-id=ID"``)."""
    for cell_id in ids:
        cell = html.find(f'id="cell-id={cell_id}"')
        start = html.find('<div class="jp-Cell-inputWrapper"', cell) if cell >= 0 else -1
        if start < 0:
            continue
        depth = 0
        for tag in _DIV.finditer(html, start):
            depth += 1 if tag[0] == "<div" else -1
            if depth == 0:
                end = tag.end()
                html = (
                    f'{html[:start]}<details class="notebook-folded"><summary>{FOLDED_SUMMARY}</summary>'
                    f"{html[start:end]}</details>{html[end:]}"
                )
                break
    return html


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
