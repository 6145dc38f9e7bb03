"""The core every site engine consumes: settings, page Markdown, figures, notebooks, report.

The MkDocs plugin (``snipexec.mkdocs_plugin``) and the command line
(``python -m snipexec build --out DIR``, see :func:`build`) both go through these
functions, so a page says the same whichever engine shows it:

- :func:`settings` makes the run's :class:`~snipexec.execute.Settings` from the
  ``snipexec`` options of ``mkdocs.yml`` (one place, so plugin and CLI share a cache key);
- :func:`page_markdown` puts a chapter's outputs into its page: each ``!snippet`` line
  becomes its code and outputs, each ``{eval}`...``` its value;
- :func:`figure_path` names a figure's file by its content (``assets/figures/<hash>.svg``);
- :func:`notebook_buttons`, :func:`write_chapter_notebook` and :func:`report` make a
  chapter's notebook links and file, and the execution report page.

:func:`build` writes an engine-neutral docs tree: every page's Markdown with its outputs
in place, the figures, the notebooks (each also as HTML by nbconvert), the execution
report, the site's own scripts and styles and ``vendor/``. Any engine that reads Markdown
with the pymdownx extensions of ``mkdocs.yml`` (Zensical, MkDocs without the plugin)
builds the guide from it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import posixpath
import re
import shutil
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from snipexec import deps
from snipexec.collect import Chapter, collect_chapter, iter_directives
from snipexec.deps import write_whole
from snipexec.errors import SnippetError
from snipexec.execute import ChapterRun, Settings, StaleChapters, run_chapters
from snipexec.notebook import page_title, plain_mermaid, write_notebook
from snipexec.prepare import PrepareError, run_prepare
from snipexec.render import (
    FigureUrl,
    render_code,
    render_error,
    render_snippet,
    render_values,
)
from snipexec.report import DETAILS, report_markdown

# The options of the `snipexec` plugin in mkdocs.yml and their defaults (the plugin's
# config declares these for MkDocs to validate; a value must have its default's type).
DEFAULTS: dict[str, Any] = {
    "snippets_dir": "snippets",
    "cache_dir": ".cache/snipexec",
    "vendor_dir": "vendor",  # KaTeX and Mermaid, self-hosted (`make vendor`)
    "timeout": 900,  # seconds a snippet may run
    "jobs": os.cpu_count() or 1,  # chapters run at once
    # False (or SNIPEXEC_EXECUTE=0) builds the site without running anything (pages say
    # so); SNIPEXEC_EXECUTE=never fails on any stale chapter instead (see execution).
    "execute": True,
    # Extra environment for every chapter's kernel; "{root}" stands for the project root.
    "env": {},
    # "module:function" called with the project root before chapters run (e.g. seeding an
    # offline model cache); the module is looked up with the project root on sys.path.
    "prepare": "",
    # "module:function" each chapter's kernel calls at start (after the probe): e.g. to
    # make a library faster without changing what it computes. Part of the cache key.
    "kernel_setup": "",
    # "owner/name" on GitHub, and the branch the deploy workflow publishes notebooks to:
    # together they make the "Open in Colab" links.
    "repository": "",
    "notebooks_branch": "notebooks",
    # The generated execution report (timings, memory, dependencies); "" for none.
    "report_page": "execution.md",
    # Under `serve`, how many chapters keep a session that resumes an edited chapter at
    # the snippet that changed (snipexec.session); 0: re-run from the top.
    "serve_sessions": 3,
}
log = logging.getLogger("mkdocs.plugins.snipexec")  # shown by MkDocs (and its CLI)
NOTEBOOKS = "notebooks"  # where a chapter's notebook goes in the site: notebooks/<chapter>.ipynb
ABOUT_CACHE = "architecture.md#the-cache-and-why-a-chapter-re-runs"


def plugin_options(root: Path) -> dict[str, Any]:
    """The ``snipexec`` plugin's options in the project's mkdocs.yml, over :data:`DEFAULTS`."""
    options = dict(DEFAULTS)
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        return options
    from mkdocs.utils.yaml import yaml_load  # reads mkdocs.yml's !!python/name tags too

    with config_file.open(encoding="utf-8") as f:
        plugins = (yaml_load(f) or {}).get("plugins") or []
    for item in plugins:
        if isinstance(item, dict) and "snipexec" in item:
            options.update(item["snipexec"] or {})
    return options


def execution(options: Mapping[str, Any]) -> str:
    """How this build treats stale chapters: ``"run"`` them (the default); ``"off"``, run
    nothing and show each page's code with a note that its outputs are missing
    (``SNIPEXEC_EXECUTE=0``, or the plugin's ``execute: false``); ``"never"``, run nothing
    and fail on the first stale chapter, naming each and why (``SNIPEXEC_EXECUTE=never``:
    a build from records made elsewhere, e.g. by CI's shards)."""
    value = os.environ.get("SNIPEXEC_EXECUTE", "1").strip().lower()
    if value == "never":
        return "never"
    return "off" if value == "0" or not options.get("execute", True) else "run"


def settings(root: Path, options: Mapping[str, Any], **changes: Any) -> Settings:
    """The run's settings from the plugin's options; `changes` override fields (``timeout``,
    ``use_cache``, ``sessions``). The prepare step runs here too (it returns the files it
    derived, which records name); it raises :class:`~snipexec.prepare.PrepareError`.
    With ``SNIPEXEC_EXECUTE=never`` (:func:`execution`) running a stale chapter raises
    :class:`~snipexec.execute.StaleChapters` instead."""
    env = {str(k): str(v) for k, v in dict(options.get("env") or {}).items()}
    sources: dict[Path, Path] = {}
    if options.get("prepare"):  # e.g. re-seed the offline model cache
        sources = run_prepare(
            root,
            str(options["prepare"]),
            {k: v.replace("{root}", str(root)) for k, v in env.items()},
        )
    made = Settings(
        root=root,
        cache_dir=root
        / os.environ.get("SNIPEXEC_CACHE_DIR", str(options.get("cache_dir", DEFAULTS["cache_dir"]))),
        # The timeout is part of each cell, so of the cache key: the build's, everywhere.
        timeout=int(options.get("timeout", DEFAULTS["timeout"])),
        jobs=int(options.get("jobs", DEFAULTS["jobs"])),
        env=env,
        sources=sources,
        kernel_setup=str(options.get("kernel_setup", "")),
        forbid_execution=execution(options) == "never",
    )
    return dataclasses.replace(made, **{k: v for k, v in changes.items() if v is not None})


def collect_pages(
    pages: Iterable[tuple[str, Path]], snippets_dir: Path
) -> tuple[dict[str, Chapter], dict[str, SnippetError]]:
    """(src_uri, file) pairs -> the pages that show snippets, and the pages that failed to collect."""
    chapters: dict[str, Chapter] = {}
    errors: dict[str, SnippetError] = {}
    for uri, page in pages:
        try:
            chapter = collect_chapter(page, page.read_text(encoding="utf-8"), snippets_dir)
        except SnippetError as error:
            errors[uri] = error
            continue
        if chapter.snippets:
            chapters[uri] = chapter
    return chapters, errors


class BuildError(RuntimeError):
    """A page's snippets failed, or the run could not start: the build stops."""


def run_pages(
    root: Path,
    options: Mapping[str, Any],
    pages: Iterable[tuple[str, Path]],
    serving: bool = False,
    sessions: Any = None,
    resume: bool = False,
    ran: Callable[[ChapterRun], None] | None = None,
) -> tuple[dict[str, Chapter], dict[str, ChapterRun], dict[str, SnippetError]]:
    """Collect every page's snippets and run (or fetch) its chapter: the chapters, their
    runs (none with execution off) and the pages' errors, by src_uri. A build stops at the
    first broken page (:class:`BuildError`, naming the page, snippet file and line); when
    `serving`, errors are logged and returned, to be shown on their pages, and the server
    keeps running. `sessions` (serve's :class:`~snipexec.session.Sessions`): started
    ahead, or with `resume` (the server's builds after its first) resumed. `ran`: called
    with each chapter run in a kernel as it ends (see :func:`~snipexec.execute.run_chapters`)."""
    deps.forget_installed()  # read once per build (a `serve` may outlive an install)
    chapters, errors = collect_pages(pages, root / options["snippets_dir"])
    for uri, error in list(errors.items()):
        _failed(uri, error, serving)
    if execution(options) == "off" or not chapters:
        return chapters, {}, errors
    try:
        made = settings(root, options, sessions=sessions if resume else None)
    except PrepareError as error:
        if not serving:
            raise BuildError(str(error)) from error
        log.error("snipexec: %s (the server keeps running)", error)
        made = settings(root, {**options, "prepare": ""}, sessions=sessions if resume else None)
    if sessions is not None and not resume:
        sessions.start(made)  # ready for the first edit: it loads while this build runs
    try:
        runs = dict(zip(chapters, run_chapters(list(chapters.values()), made, ran), strict=True))
    except (PrepareError, StaleChapters) as error:  # kernel_setup names no function
        raise BuildError(str(error)) from error
    for uri, run in runs.items():
        if run.error is not None:
            errors[uri] = _failed(uri, run.error, serving)
        elif not run.from_cache:
            seconds = run.record.get("seconds", 0.0)
            why = "; ".join(run.reasons)
            log.info(
                "snipexec: ran %s (%d snippets, %.1f s) because %s",
                uri,
                len(run.chapter.snippets),
                seconds,
                why,
            )
    return chapters, runs, errors


def _failed(uri: str, error: SnippetError, serving: bool) -> SnippetError:
    if not serving:
        raise BuildError(f"snippet failed in page {uri}\n{error}")
    log.error("snipexec: %s (shown on the page; the server keeps running)", error)
    return error


def shown(run: ChapterRun, error: SnippetError | None) -> str:
    """A fingerprint of what a chapter's page shows of its run: its outputs, inline
    values and error (under `serve`, pages whose fingerprint changed are rebuilt)."""
    outputs = [cell.get("outputs", []) for cell in run.notebook.cells]
    text = json.dumps([outputs, run.record.get("inline")]) + str(error)
    return hashlib.sha256(text.encode()).hexdigest()


def vendor_files(vendor: Path) -> list[Path]:
    """The self-hosted KaTeX and Mermaid files; :class:`BuildError` if they are missing."""
    if not vendor.is_dir():
        raise BuildError(
            f"{vendor} is missing: KaTeX and Mermaid are self-hosted. Run `make vendor` (or `make setup`)."
        )
    return sorted(p for p in vendor.rglob("*") if p.is_file() and not p.name.startswith("."))


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The page's address relative to the site root, as MkDocs and Zensical make it."""
    stem = src_uri.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def relative_url(target: str, src_uri: str, directory_urls: bool = True) -> str:
    """`target` (a path from the site root) as an address relative to the page of `src_uri`
    (MkDocs' own rule, ``mkdocs.utils.get_relative_url``)."""
    base = page_url(src_uri, directory_urls)
    folder, name = posixpath.split(base)
    start = folder if "." in name else base
    relative = posixpath.relpath("/" + target, "/" + start)
    return relative + "/" if target.endswith("/") else relative


def figure_path(svg: str) -> str:
    """A figure's file in the site, named by its content: cached by browsers, gzipped by
    servers, shared by pages, and not inside every page as base64."""
    return f"assets/figures/{hashlib.sha256(svg.encode()).hexdigest()[:16]}.svg"


def page_markdown(
    markdown: str,
    chapter: Chapter | None,
    run: ChapterRun | None,
    figure_url: FigureUrl,
    error: SnippetError | None = None,
    buttons: str = "",
) -> str:
    """The page with its outputs in place: each ``{eval}`...``` replaced by its value,
    each ``!snippet`` line by its code and outputs (`run` None: execution off), and the
    notebook `buttons` under the title. A page that failed to collect shows its `error`."""
    if chapter is None:
        return render_error(error) + "\n\n" + markdown if error is not None else markdown  # type: ignore[arg-type]
    if chapter.values:
        values = run.record.get("inline", []) if run is not None else None
        markdown = render_values(markdown, chapter, values, run.error if run is not None else None)
    lines = markdown.splitlines()
    for k, (number, _) in reversed(list(enumerate(iter_directives(markdown)))):
        lines[number - 1] = _snippet_markdown(chapter, run, k, figure_url)
    if buttons:
        at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
        lines[at:at] = ["", buttons, ""]
    return "\n".join(lines) + "\n"


def _snippet_markdown(chapter: Chapter, run: ChapterRun | None, k: int, figure_url: FigureUrl) -> str:
    snippet = chapter.snippets[k]
    if run is None:  # execution switched off
        note = '!!! note "Output not shown: this build ran with execution off"'
        return f"\n{render_code(snippet)}\n\n{note}\n"
    cell = run.notebook.cells[k]
    if run.error is not None and run.error.file == snippet.file:
        return "\n" + render_code(snippet) + "\n\n" + render_error(run.error) + "\n"
    if run.error is not None and not cell.get("execution_count"):
        return "\n" + render_code(snippet) + "\n"
    return "\n" + render_snippet(snippet, cell.outputs, figure_url) + "\n"


def notebook_buttons(download: str, read: str, options: Mapping[str, Any], name: str) -> str:
    """The buttons under a chapter's title: download its notebook, read it rendered, and
    (with a repository) open it in Colab from the branch the deploy publishes."""
    buttons = [
        f'<a class="md-button" href="{download}" download>Download notebook</a>',
        f'<a class="md-button" href="{read}">Read as notebook</a>',
    ]
    if options.get("repository"):
        colab = (
            f"https://colab.research.google.com/github/{options['repository']}/blob/"
            f"{options.get('notebooks_branch', DEFAULTS['notebooks_branch'])}/{name}.ipynb"
        )
        buttons.append(f'<a class="md-button" href="{colab}">Open in Colab</a>')
    return '<div class="chapter-notebook">\n' + "\n".join(buttons) + "\n</div>"


def write_chapter_notebook(
    run: ChapterRun, src_dir: Path, site_url: str, directory_urls: bool = True
) -> Path:
    """Write ``notebooks/<chapter>.ipynb`` below `src_dir` (made again only if what it
    is made from changed) and return its path; links in it point at the site."""
    path = src_dir / NOTEBOOKS / f"{run.chapter.name}.ipynb"
    url = site_url + page_url(f"{run.chapter.name}.md", directory_urls)
    memo = src_dir / "requirements.json"  # the install cells' pins (see notebook.requirements)
    write_notebook(path, run, run.chapter.page.read_text(encoding="utf-8"), url, memo)
    return path


def report(
    runs: Mapping[str, ChapterRun],
    report_page: str,
    directory_urls: bool,
    explain: bool,
) -> tuple[str, str]:
    """The execution report's Markdown and the HTML that replaces its :data:`DETAILS`
    line (`runs`: page src_uri -> run; `explain`: link the section on the cache)."""
    if not runs:
        return (
            "# Execution report\n\nThis build ran with execution off: nothing to report.\n",
            "",
        )
    titled = [
        (run, page_title(run.chapter.page.read_text(encoding="utf-8")) or uri, uri)
        for uri, run in runs.items()
    ]

    def link(uri: str) -> str:
        # The front page's URL is "./", as MkDocs makes it (not "", which links to "..").
        return relative_url(page_url(uri, directory_urls) or "./", report_page, directory_urls)

    return report_markdown(titled, ABOUT_CACHE if explain else "", link)


def build(
    root: Path,
    out: Path,
    options: Mapping[str, Any],
    site_url: str = "",
    directory_urls: bool = True,
) -> list[ChapterRun]:
    """Run stale chapters (cached, as `mkdocs build` does) and write the engine-neutral
    docs tree to `out` (emptied first). Raises :class:`BuildError` naming the page."""
    docs = root / "docs"
    pages = sorted(p for p in docs.rglob("*.md"))
    vendor = root / options["vendor_dir"]
    vendored = vendor_files(vendor)
    chapters, runs, _ = run_pages(root, options, ((p.relative_to(docs).as_posix(), p) for p in pages))
    if out.exists():
        shutil.rmtree(out)
    # The site's own files (scripts, styles, images) and the self-hosted libraries.
    shutil.copytree(docs, out, ignore=shutil.ignore_patterns("*.md", ".*"))
    for path in vendored:
        (out / "vendor" / path.relative_to(vendor)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, out / "vendor" / path.relative_to(vendor))
    notebooks_dir = root / options["cache_dir"] / "site-notebooks"
    for page in pages:
        uri = page.relative_to(docs).as_posix()
        chapter, run = chapters.get(uri), runs.get(uri)

        def figure_url(svg: str, uri: str = uri) -> str:
            path = figure_path(svg)
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            (out / path).write_text(svg, encoding="utf-8")
            return relative_url(path, uri, directory_urls)

        buttons = ""
        if run is not None and uri != "index.md":  # the front page is no chapter: no notebook
            notebook = write_chapter_notebook(run, notebooks_dir, site_url, directory_urls)
            target = out / NOTEBOOKS / notebook.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(notebook, target)
            html = notebook_html(notebook, page_title(page.read_text(encoding="utf-8")) or uri)
            shutil.copyfile(html, target.with_suffix(".html"))
            buttons = notebook_buttons(
                relative_url(f"{NOTEBOOKS}/{notebook.name}", uri, directory_urls),
                relative_url(f"{NOTEBOOKS}/{html.name}", uri, directory_urls),
                options,
                run.chapter.name,
            )
        text = page_markdown(page.read_text(encoding="utf-8"), chapter, run, figure_url, buttons=buttons)
        (out / uri).parent.mkdir(parents=True, exist_ok=True)
        (out / uri).write_text(text, encoding="utf-8")
    if report_page := options.get("report_page"):
        markdown, details = report(runs, report_page, directory_urls, (docs / "architecture.md").is_file())
        # No engine step comes after Markdown here: the details go in as raw HTML blocks.
        (out / report_page).write_text(markdown.replace(DETAILS, details), encoding="utf-8")
    return list(runs.values())


# What nbconvert's lab template would fetch from CDNs (require.js, MathJax, Mermaid): out.
_CDN_SCRIPTS = re.compile(
    r'<script src="[^"]*"> ?</script>|<script type="text/x-mathjax-config">.*?</script>'
    r'|<script type="module">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*</script>',
    re.S,
)
# In its place, the site's own KaTeX (with the chapter pages' delimiters) and Mermaid.
_SELF_HOSTED = """\
<link rel="stylesheet" href="../vendor/katex/katex.min.css">
<script defer src="../vendor/katex/katex.min.js"></script>
<script defer src="../vendor/katex/contrib/auto-render.min.js"></script>
{mermaid}<script>
addEventListener("DOMContentLoaded", () => {{
  renderMathInElement(document.body, {{
    delimiters: [
      {{ left: "$$", right: "$$", display: true }}, {{ left: "$", right: "$", display: false }},
      {{ left: "\\\\(", right: "\\\\)", display: false }}, {{ left: "\\\\[", right: "\\\\]", display: true }},
    ],
    ignoredClasses: ["clipboard-copy-txt"],
    throwOnError: false,
  }});
}});
</script>
</head>"""
MERMAID = """\
<script type="module">
import mermaid from "../vendor/mermaid/mermaid.esm.min.mjs";
mermaid.initialize({ startOnLoad: false });
mermaid.run({ querySelector: "pre.mermaid" });
</script>
"""


def notebook_html(notebook: Path, title: str) -> Path:
    """The notebook as one HTML page beside it (nbconvert's lab template), for engines
    without mkdocs-jupyter: no CDN, the site's KaTeX and Mermaid from ``../vendor/``.
    Made again only when the notebook (or this module) is newer (~0.5 s a notebook)."""
    html = notebook.with_suffix(".html")
    made = html.stat().st_mtime if html.exists() else 0.0
    if made > max(notebook.stat().st_mtime, Path(__file__).stat().st_mtime):
        return html
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", require_js_url="", mathjax_url="")
    body, _ = exporter.from_filename(str(notebook), resources={"metadata": {"name": title}})
    head, start, rest = body.partition("<body")  # the loaders are in the head, the notebook below
    body = _CDN_SCRIPTS.sub("", head) + start + plain_mermaid(rest)
    scripts = _SELF_HOSTED.format(mermaid=MERMAID if '<pre class="mermaid">' in body else "")
    write_whole(html, body.replace("</head>", scripts, 1))
    return html
