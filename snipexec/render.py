"""Render: turn a snippet and the outputs its cell produced into Markdown for the page.

In:  a :class:`~snipexec.collect.Snippet` and its executed notebook cell.
Out: Markdown — the code as a fenced block titled with the file's path, then each output
     in the order it appeared: stdout as an escaped text block (an ``output`` fence;
     see :data:`OUTPUT`), or as Markdown when
     the directive says ``output=markdown``, figures as SVG images (a light and a dark
     render, see ``snipexec.figures``; the palette decides which shows), tables as HTML,
     and a snippet's own ``application/vnd.<name>+json`` output as a widget: a
     ``<div class="snipexec-widget" data-type="<name>">`` holding the JSON and the
     bundle's figure, for the site's own script to bring to life.

Everything a snippet prints is shown inside a code fence, so ``<script>`` stays text.
Only a table a snippet *returns* (a pandas DataFrame's own escaped HTML) or stdout the
page explicitly marks ``output=markdown`` reaches the page as markup.

The prose's inline values (``{eval}`expression```, see ``snipexec.collect``) become their
text, escaped so that Markdown and HTML read it as plain text (:func:`render_values`).
"""

from __future__ import annotations

import ast
import base64
import html
import json
import re
from collections.abc import Callable

from nbformat import NotebookNode

from snipexec.collect import ROLE, Chapter, Snippet, iter_roles
from snipexec.errors import ExecutionError, InlineValueError
from snipexec.figures import ALT, DARK_SVG

BACKTICKS = re.compile(r"`{3,}")
# What a snippet printed: a fence that mkdocs.yml formats as plain ``<pre><code>`` (a
# superfences custom fence), without Pygments' per-block set-up and per-line anchors.
OUTPUT = "output"
# A snippet's own rich output, e.g. application/vnd.tested-transformer.attention+json:
# its JSON goes to the page for the site's script, named by what follows "vnd.".
WIDGET = re.compile(r"^application/vnd\.(?P<name>[A-Za-z0-9][A-Za-z0-9.+-]*)\+json$")
# Where a figure's SVG text is served from: a data: URL by default; the MkDocs plugin
# writes each figure to its own file instead (cacheable, gzipped by the server).
FigureUrl = Callable[[str], str]


def inline_figure(svg: str) -> str:
    """A figure as a data: URL inside the page (the default, and the CLI's)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def fence(text: str, lang: str, attrs: str = "") -> str:
    """A fenced block one backtick longer than any backtick run inside the text."""
    longest = max((len(m) for m in BACKTICKS.findall(text)), default=2)
    ticks = "`" * max(3, longest + 1)
    head = f"{ticks}{lang}" + (f" {attrs}" if attrs else "")
    return f"{head}\n{text.rstrip(chr(10))}\n{ticks}"


def render_code(snippet: Snippet) -> str:
    mode = snippet.option("code", "show")
    block = fence(snippet.code, "python", f'title="{snippet.display_path}"')
    if mode == "hide":
        return ""
    if mode == "collapsed":
        return f'??? example "Code: {snippet.display_path}"\n\n' + _indent(block)
    if mode == "solution":  # an exercise's answer: folded until the reader asks
        return '??? success "Solution"\n\n' + _indent(block)
    return block


# pandas puts a named index's name on a second header row of its own, empty elsewhere.
INDEX_NAME_ROW = re.compile(
    r"(<thead>\s*<tr[^>]*>\s*)<th></th>(.*?</tr>)\s*<tr>\s*<th>([^<]*)</th>(?:\s*<th></th>)*\s*</tr>",
    re.S,
)


def tidy_table(html: str) -> str:
    """A pandas table as a reader wants it: a named index's name in the header row
    (not on a second, otherwise empty row), and no index column at all when the index
    is only the row numbers 0, 1, 2, … under an empty header cell."""
    html = INDEX_NAME_ROW.sub(r"\1<th>\3</th>\2", html, count=1)
    head, _, body = html.partition("<tbody>")
    numbers = re.findall(r"<tr>\s*<th>([^<]*)</th>", body)
    unnamed = re.search(r"<thead>\s*<tr[^>]*>\s*<th></th>", head)
    if unnamed and numbers and numbers == [str(i) for i in range(len(numbers))]:
        html = re.sub(r"(<tr[^>]*>)\s*<th>[^<]*</th>", r"\1", html)
    return html


def render_outputs(
    snippet: Snippet, outputs: list[NotebookNode], figure_url: FigureUrl = inline_figure
) -> str:
    mode = snippet.option("output", "text")
    if mode == "hide":
        return ""
    parts: list[str] = []
    for out in outputs:
        if out.output_type == "stream":
            if out.name == "stderr":
                continue  # warnings and progress bars: noise with machine paths, not teaching
            if mode == "markdown":
                parts.append(out.text.strip("\n"))
            else:
                parts.append(_output_block(fence(out.text, OUTPUT)))
        elif out.output_type in ("display_data", "execute_result"):
            parts.append(_rich(out.data, snippet, figure_url))
        elif out.output_type == "error":
            parts.append(_output_block(fence(f"{out.ename}: {out.evalue}", OUTPUT)))
    return "\n\n".join(p for p in parts if p)


def render_snippet(
    snippet: Snippet, outputs: list[NotebookNode], figure_url: FigureUrl = inline_figure
) -> str:
    parts = (render_code(snippet), render_outputs(snippet, outputs, figure_url))
    return "\n\n".join(p for p in parts if p)


def render_error(error: ExecutionError) -> str:
    """An admonition shown in place of outputs while `mkdocs serve` keeps running."""
    return '!!! failure "This snippet failed — the page shows no stale output"\n\n' + _indent(
        fence(str(error), "text")
    )


def _rich(data: dict[str, str], snippet: Snippet, figure_url: FigureUrl) -> str:
    if widget := next((m for m in map(WIDGET.match, data) if m), None):
        return _widget(widget.string, widget.group("name"), data, snippet, figure_url)
    alt = html.escape(figure_alt(data, snippet), quote=True)
    # The snippet's docstring says what the figure is: its visible caption (a widget's
    # fallback figure, shown only without the page's script, gets none).
    said = summary(snippet)
    caption = f"<figcaption>{_code_spans(said)}</figcaption>" if said and not _in_widget(data) else ""
    if "image/svg+xml" in data:
        if DARK_SVG not in data:  # drawn outside matplotlib: one render for both palettes
            src = figure_url(data["image/svg+xml"])
            return f'<figure class="snippet-figure"><img alt="{alt}" src="{src}">{caption}</figure>'
        # Material shows an image whose address ends in #only-light or #only-dark in that
        # palette only; lazy, so the browser fetches only the one it shows.
        images = (
            f'<img alt="{alt}" src="{figure_url(data[mime])}#only-{palette}" loading="lazy">'
            for mime, palette in (("image/svg+xml", "light"), (DARK_SVG, "dark"))
        )
        return '<figure class="snippet-figure">' + "".join(images) + caption + "</figure>"
    if "image/png" in data:
        return (
            f'<figure class="snippet-figure">'
            f'<img alt="{alt}" src="data:image/png;base64,{data["image/png"].strip()}">{caption}</figure>'
        )
    if "text/html" in data:
        # A blank line would end the raw HTML block in Markdown; tables never need one.
        # pandas adds its own <style>; the site's stylesheet styles .snippet-table instead.
        table = tidy_table(re.sub(r"<style.*?</style>", "", data["text/html"], flags=re.S))
        table = "\n".join(line for line in table.splitlines() if line.strip())
        return f'<div class="snippet-table">\n{table}\n</div>'
    if "text/markdown" in data:
        return data["text/markdown"]
    if "text/plain" in data:
        return _output_block(fence(data["text/plain"], OUTPUT))
    return ""


# A widget's fallback figure: _widget hands _rich the bundle without its JSON, marked so.
_WIDGET_FALLBACK = "x-snipexec/widget-fallback"


def summary(snippet: Snippet) -> str:
    """The first paragraph of the snippet file's docstring, on one line ("" if none):
    what the snippet, and so its figure, is about."""
    try:
        docstring = ast.get_docstring(ast.parse(snippet.file.read_text(encoding="utf-8"))) or ""
    except (OSError, SyntaxError, ValueError):
        return ""
    return " ".join(docstring.split("\n\n")[0].split())


def figure_alt(data: dict[str, str], snippet: Snippet) -> str:
    """A figure's alternative text: what its snippet's docstring says it is, then the
    figure in words as the kernel read it from the figure (``snipexec.figures.describe``:
    kind, titles, axis labels, tick names, legend); for a figure drawn without matplotlib,
    or a widget's fallback, its bundle's plain text instead. Never empty."""
    said = summary(snippet).replace("`", "")
    drawn = data.get(ALT) or (data.get("text/plain", "") if _in_widget(data) else "")
    text = " ".join(part for part in (said, drawn) if part)
    return text or f"Figure drawn by {snippet.display_path}"


def _in_widget(data: dict[str, str]) -> bool:
    return _WIDGET_FALLBACK in data


def _code_spans(text: str) -> str:
    """Plain text as HTML, its `backticked` names as <code> (the caption is raw HTML)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def _widget(mime: str, name: str, data: dict, snippet: Snippet, figure_url: FigureUrl) -> str:
    """``<div class="snipexec-widget" data-type=NAME>``: the JSON in a script element for
    the site's own script, and the bundle's figure (else its plain text) as the fallback
    a reader sees without that script. Every ``<`` in the JSON is written ``\\u003c``, so
    no ``</script>`` or ``<!--`` can end the element early; JSON.parse reads it back."""
    payload = json.dumps(data[mime], separators=(",", ":"), sort_keys=True).replace("<", "\\u003c")
    rest = {k: v for k, v in data.items() if k != mime}
    if any(k.startswith("image/") for k in rest):
        fallback = _rich({**rest, _WIDGET_FALLBACK: ""}, snippet, figure_url)
    else:
        fallback = f"<p>{html.escape(str(rest.get('text/plain', '')))}</p>"
    return (
        f'<div class="snipexec-widget" data-type="{html.escape(name, quote=True)}">\n'
        f'<script type="application/json">{payload}</script>\n{fallback}\n</div>'
    )


# ASCII punctuation that Markdown (with any extension: emphasis, links, math, tables,
# attribute lists...) or HTML may read as markup. In a value's text each becomes a
# character reference, which every Markdown reader (Jupyter's too) passes through as
# that character; letters, digits, spaces, non-ASCII and `.,;'"/%+-` stay as they are.
MARKUP = re.compile(r"""[!#$&()*:<=>?@[\\\]^_`{|}~]""")


def plain_text(text: str) -> str:
    """`text` as Markdown that shows exactly `text`, as plain text."""
    return MARKUP.sub(lambda m: f"&#{ord(m.group())};", text)


def render_values(
    markdown: str, chapter: Chapter, values: list[dict[str, str]] | None, error: ExecutionError | None = None
) -> str:
    """`markdown` with each ``{eval}`...``` role replaced by its value's text (`values`:
    the run's ``record["inline"]``, in page order). Without a value — execution off, or
    the run stopped before it — the expression stays, as code; a value that failed is
    followed by the error, as a failing snippet's output is (``mkdocs serve``)."""
    roles = iter_roles(markdown)
    if not roles:
        return markdown
    lines = markdown.split("\n")
    failed = len(values) if values is not None and isinstance(error, InlineValueError) else -1
    for k, role in reversed(list(enumerate(roles))):
        line = lines[role.line - 1]
        known = values is not None and k < len(values) and values[k]["expression"] == role.source.strip()
        text = (
            plain_text(values[k]["text"])
            if known
            else _code_span(f"{ROLE}`{role.source}`" if k == failed else role.source)
        )
        lines[role.line - 1] = line[: role.start] + text + line[role.end :]
        if k == failed:
            lines.insert(role.line, "\n" + render_error(error) + "\n")  # type: ignore[arg-type]
    return "\n".join(lines)


def _code_span(text: str) -> str:
    """An inline code span holding `text` (one backtick longer than any run inside it)."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _output_block(block: str) -> str:
    return f'<div class="snippet-output" markdown>\n\n{block}\n\n</div>'


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line else "" for line in text.splitlines())
