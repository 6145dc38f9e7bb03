"""The MkDocs adapter: a thin plugin that calls collect → execute → render → notebook.

It holds no logic of its own beyond wiring MkDocs events to the machinery:
- ``on_files``: collect every page's snippets, run all chapters (cached, in parallel),
  write each chapter's notebook and add it to the site (mkdocs-jupyter renders it), and
  add the self-hosted KaTeX/Mermaid files from ``vendor/``;
- ``on_files``, last: in ``mkdocs build``, start rendering the notebooks of the chapters
  that just ran, side by side in forked processes, while the Markdown pages render;
- ``on_nav``: title each rendered notebook after its chapter (notebooks stay out of the
  nav: each chapter's buttons lead to its notebook);
- ``on_page_markdown``: replace each ``{eval}`...``` in the prose with its value, each
  ``!snippet`` line with its code and outputs, and put the notebook buttons under the
  chapter's title;
- ``on_page_content``: link a rendered notebook's inline stylesheets as shared files;
- ``on_post_build``: keep mkdocs-jupyter's cached renders when this build added no
  notebooks (execution off), so the next build does not re-render them all.

What it does around mkdocs-jupyter (render ahead, its cache, its stylesheets) is in
snipexec.jupyter_pages.

During ``mkdocs build`` any broken chapter stops the build (non-zero exit) with an error
naming the page, the snippet file and line. During ``mkdocs serve`` the error is shown on
the page instead, so the server keeps running while the contributor fixes it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from snipexec import core, deps
from snipexec.collect import Chapter
from snipexec.errors import SnippetError
from snipexec.execute import ChapterRun, StaleChapters, run_chapters
from snipexec.jupyter_pages import NotebookPages
from snipexec.notebook import page_title
from snipexec.prepare import PrepareError
from snipexec.render import FigureUrl
from snipexec.report import DETAILS
from snipexec.session import Sessions

log = logging.getLogger("mkdocs.plugins.snipexec")


class SnipexecConfig(Config):
    snippets_dir = c.Type(str, default=core.DEFAULTS["snippets_dir"])
    cache_dir = c.Type(str, default=core.DEFAULTS["cache_dir"])
    vendor_dir = c.Type(str, default=core.DEFAULTS["vendor_dir"])
    timeout = c.Type(int, default=core.DEFAULTS["timeout"])
    jobs = c.Type(int, default=core.DEFAULTS["jobs"])
    # False (or SNIPEXEC_EXECUTE=0) builds the site without running anything (pages say
    # so); SNIPEXEC_EXECUTE=never fails on any stale chapter instead (core.execution).
    execute = c.Type(bool, default=True)
    # "owner/name" on GitHub, and the branch the deploy workflow publishes notebooks to:
    # together they make the "Open in Colab" links.
    repository = c.Type(str, default=core.DEFAULTS["repository"])
    notebooks_branch = c.Type(str, default=core.DEFAULTS["notebooks_branch"])
    # Extra environment for every chapter's kernel; "{root}" stands for the project root.
    env = c.Type(dict, default={})
    # The generated execution report (timings, memory, dependencies); "" for none.
    report_page = c.Type(str, default=core.DEFAULTS["report_page"])
    # "module:function" called with the project root before chapters run (e.g. seeding an
    # offline model cache); the module is looked up with the project root on sys.path.
    prepare = c.Type(str, default=core.DEFAULTS["prepare"])
    # "module:function" each chapter's kernel calls at start (after the probe): e.g. to
    # make a library faster without changing what it computes. Part of the cache key.
    kernel_setup = c.Type(str, default=core.DEFAULTS["kernel_setup"])
    # Under `mkdocs serve`, how many chapters keep a session that resumes an edited
    # chapter at the snippet that changed (snipexec.session); 0: re-run from the top.
    serve_sessions = c.Type(int, default=3)


class SnipexecPlugin(BasePlugin[SnipexecConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.chapters: dict[str, Chapter] = {}
        self.runs: dict[str, ChapterRun] = {}
        self.notebooks: dict[str, File] = {}  # chapter page src_uri -> its notebook file
        self.page_errors: dict[str, SnippetError] = {}
        # Under `serve` (this instance lives as long as the server): each chapter's
        # session, and a fingerprint of what each page last showed (_rebuild_changed_pages).
        self.sessions: Sessions | None = None
        self.shown: dict[str, str] = {}
        self.built_once = False
        self.report_details = ""  # the report page's HTML put in after Markdown
        self.jupyter = NotebookPages()  # around mkdocs-jupyter (snipexec.jupyter_pages)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if self.serving and self.config.serve_sessions > 0:
            self.sessions = Sessions(self.config.serve_sessions)

    def on_shutdown(self) -> None:
        if self.sessions is not None:
            self.sessions.close()

    def on_serve(self, server, *, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        """Rebuild when a snippet changes, not only when a page does."""
        server.watch(str(Path(config.config_file_path).parent / self.config.snippets_dir))
        return server

    @event_priority(50)  # before mkdocs-jupyter, which must see the notebooks we add
    def _on_files_execute(self, files: Files, *, config: MkDocsConfig) -> Files:
        root = Path(config.config_file_path).parent
        deps.forget_installed()  # read once per build (a `mkdocs serve` may outlive an install)
        self._add_vendor(files, config, root / self.config.vendor_dir)
        self.runs, self.notebooks = {}, {}
        pages = [
            (file.src_uri, Path(file.abs_src_path))
            for file in files.documentation_pages()
            if file.abs_src_path is not None and file.src_uri.endswith(".md")
        ]
        self.chapters, self.page_errors = core.collect_pages(pages, root / self.config.snippets_dir)
        for uri, error in self.page_errors.items():
            self._fail(uri, error)
        if not self._executing() or not self.chapters:
            self._add_report(files, config)
            return files
        # The server's first build runs stale chapters from the top and caches them, as
        # `mkdocs build` does; later ones (after an edit) resume sessions.
        sessions = self.sessions if self.built_once else None
        try:
            settings = core.settings(root, self.config, sessions=sessions)
        except PrepareError as error:
            if not self.serving:
                raise PluginError(str(error)) from error
            log.error("snipexec: %s (the server keeps running)", error)
            settings = core.settings(root, {**self.config, "prepare": ""}, sessions=sessions)
        if self.sessions is not None and not self.built_once:
            # Ready for the first edit: it starts now and loads while the first build runs.
            self.sessions.start(settings)
        self.built_once = True
        try:
            runs = run_chapters(list(self.chapters.values()), settings)
        except (PrepareError, StaleChapters) as error:  # kernel_setup names no function
            raise PluginError(str(error)) from error
        for (uri, chapter), run in zip(self.chapters.items(), runs, strict=True):
            self.runs[uri] = run
            if run.error is not None:
                self._fail(uri, run.error)
                continue
            if not run.from_cache:
                log.info(
                    "snipexec: ran %s (%d snippets, %.1f s) because %s",
                    uri,
                    len(chapter.snippets),
                    run.record.get("seconds", 0.0),
                    "; ".join(run.reasons),
                )
            if uri == "index.md":
                continue  # the front page is no chapter: no notebook (and none at notebooks/)
            self.notebooks[uri] = self._add_notebook(
                files, config, run, root / self.config.cache_dir / "site-notebooks"
            )
        self._add_report(files, config)
        if self.serving:
            self._rebuild_changed_pages(files)
        return files

    def _rebuild_changed_pages(self, files: Files) -> None:
        """`mkdocs serve --dirty` rebuilds only pages whose Markdown file is newer than
        their HTML; a chapter's outputs change without that. Mark the pages whose outputs
        (or error) differ from what this server last showed as modified."""
        for uri, run in self.runs.items():
            error = self.page_errors.get(uri)
            outputs = [c.get("outputs", []) for c in run.notebook.cells]
            shown = hashlib.sha256(
                (json.dumps([outputs, run.record.get("inline")]) + str(error)).encode()
            ).hexdigest()
            file = files.get_file_from_path(uri)
            if file is not None and self.shown.get(uri) not in (None, shown):
                file.is_modified = lambda: True  # type: ignore[method-assign]
            self.shown[uri] = shown

    def _add_report(self, files: Files, config: MkDocsConfig) -> None:
        """The generated execution report page (see snipexec.report)."""
        if not self.config.report_page:
            return
        report = File.generated(config, self.config.report_page, content="")

        def link(uri: str) -> str:
            chapter = files.get_file_from_path(uri)
            return get_relative_url(chapter.url, report.url) if chapter else uri

        explain = files.get_file_from_path("architecture.md") is not None
        report.content_string, self.report_details = core.report(self.runs, link, explain)
        files.append(report)

    @event_priority(-50)  # after mkdocs-jupyter has wrapped our notebook files
    def _on_files_keep_notebooks_out_of_nav(self, files: Files, *, config: MkDocsConfig) -> Files:
        for uri, notebook in self.notebooks.items():
            wrapped = files.get_file_from_path(notebook.src_uri) or notebook
            wrapped.inclusion = InclusionLevel.NOT_IN_NAV  # reached from the chapter's buttons
            self.notebooks[uri] = wrapped
        return files

    @event_priority(-60)  # after mkdocs-jupyter has wrapped our notebook files
    def _on_files_render_notebooks_ahead(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Only in `mkdocs build` (a served edit changes one notebook): the notebooks of
        the chapters that ran, side by side while the Markdown pages render."""
        if not self.serving:
            ran = [file for uri, file in self.notebooks.items() if not self.runs[uri].from_cache]
            self.jupyter.render_ahead(ran, config, files, self.config.jobs)
        return files

    on_files = CombinedEvent(
        _on_files_execute, _on_files_keep_notebooks_out_of_nav, _on_files_render_notebooks_ahead
    )

    @event_priority(50)  # before mkdocs-jupyter looks for the render in its cache
    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        if page.file in self.notebooks.values():
            self.jupyter.wait_for_renders()
        return page

    @event_priority(50)  # before mkdocs-jupyter's on_post_build
    def _on_post_build_pause_render_eviction(self, *, config: MkDocsConfig) -> None:
        self.jupyter.pause_eviction(config, added_notebooks=bool(self.notebooks))

    @event_priority(-50)  # after mkdocs-jupyter's on_post_build
    def _on_post_build_resume_render_eviction(self, *, config: MkDocsConfig) -> None:
        self.jupyter.resume_eviction()

    def _on_post_build_write_stylesheets(self, *, config: MkDocsConfig) -> None:
        self.jupyter.write_stylesheets(config)

    on_post_build = CombinedEvent(
        _on_post_build_pause_render_eviction,
        _on_post_build_resume_render_eviction,
        _on_post_build_write_stylesheets,
    )

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri == self.config.report_page:
            return html.replace(DETAILS, self.report_details, 1)
        if page.file.src_uri in {n.src_uri for n in self.notebooks.values()}:
            return self.jupyter.finish(html, page)
        return html

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Title each rendered notebook after its chapter; the nav lists chapters only."""
        for chapter_page in nav.pages:
            notebook = self.notebooks.get(chapter_page.file.src_uri)
            if notebook is None or notebook.page is None:
                continue
            # Chapter titles are only known once pages are read; take the page's heading.
            text = Path(chapter_page.file.abs_src_path or "").read_text(encoding="utf-8")
            notebook.page.title = page_title(text) or notebook.page.title
        return nav

    @event_priority(50)  # before Material's search plugin indexes the page
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):  # type: ignore[no-untyped-def]
        """Keep the notebooks (copies of their chapters) and the execution report out of
        the search index, which every page downloads: with them it was twice the size."""
        notebook_uris = {n.src_uri for n in self.notebooks.values()}
        if page.file.src_uri in notebook_uris or page.file.src_uri == self.config.report_page:
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return context

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        if not uri.endswith(".md"):
            return markdown  # not collected (on_files): e.g. a notebook's ~1 MB of JSON, unread
        buttons = ""
        if (notebook := self.notebooks.get(uri)) is not None:
            # mkdocs-jupyter (include_source) copies the .ipynb next to the rendered notebook.
            read = get_relative_url(notebook.url, page.file.url)
            download = get_relative_url(notebook.url + Path(notebook.src_uri).name, page.file.url)
            buttons = core.notebook_buttons(download, read, self.config, Path(notebook.src_uri).stem)
        chapter, run = self.chapters.get(uri), self.runs.get(uri)
        figure_url = self._figure_files(page, config, files)
        return core.page_markdown(markdown, chapter, run, figure_url, self.page_errors.get(uri), buttons)

    @staticmethod
    def _figure_files(page: Page, config: MkDocsConfig, files: Files) -> FigureUrl:
        """Each figure becomes a file of the site (core.figure_path)."""

        def url(svg: str) -> str:
            src_uri = core.figure_path(svg)
            file = files.get_file_from_path(src_uri)
            if file is None:
                file = File.generated(config, src_uri, content=svg.encode())
                files.append(file)
            return get_relative_url(file.url, page.file.url)

        return url

    def _add_notebook(self, files: Files, config: MkDocsConfig, run: ChapterRun, src_dir: Path) -> File:
        """Write notebooks/<chapter>.ipynb to a real folder (mkdocs-jupyter needs a real path)."""
        path = core.write_chapter_notebook(run, src_dir, config.site_url or "", config.use_directory_urls)
        file = File(
            path.relative_to(src_dir).as_posix(), str(src_dir), config.site_dir, config.use_directory_urls
        )
        files.append(file)
        return file

    def _executing(self) -> bool:
        return core.execution(self.config) != "off"

    def _fail(self, uri: str, error: SnippetError) -> None:
        if not self.serving:
            raise PluginError(f"snippet failed in page {uri}\n{error}")
        log.error("snipexec: %s (shown on the page; the server keeps running)", error)
        self.page_errors[uri] = error

    @staticmethod
    def _add_vendor(files: Files, config: MkDocsConfig, vendor: Path) -> None:
        """Serve KaTeX and Mermaid from the site itself (installed by `make vendor`)."""
        if not vendor.is_dir():
            raise PluginError(
                f"{vendor} is missing: KaTeX and Mermaid are self-hosted. "
                "Run `make vendor` (or `make setup`)."
            )
        for path in sorted(p for p in vendor.rglob("*") if p.is_file() and not p.name.startswith(".")):
            rel = path.relative_to(vendor.parent).as_posix()
            files.append(File(rel, str(vendor.parent), config.site_dir, config.use_directory_urls))
