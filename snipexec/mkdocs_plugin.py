"""The MkDocs adapter: MkDocs events wired to the core (snipexec.core), nothing more.

- ``on_files``: run every page's chapter (``core.run_pages``), add its notebook and the
  files of ``vendor/``; in ``mkdocs build``, each chapter's new notebook starts rendering
  (ahead) as soon as its chapter has run;
- ``on_nav``: title each rendered notebook after its chapter (they stay out of the nav);
- ``on_pre_page``: a notebook page waits for the renders ahead, and survives a damaged one;
- ``on_page_markdown``: put each page's outputs, inline values and notebook buttons in;
- ``on_page_content``: the report's details; a notebook page's stylesheets as files;
- ``on_page_context``: keep notebooks and the report out of the search index;
- ``on_post_build``: keep mkdocs-jupyter's renders when no notebook was added.

What it does around mkdocs-jupyter is in snipexec.jupyter_pages. A broken chapter stops
``mkdocs build``; under ``mkdocs serve`` its page shows the error instead.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from snipexec import core
from snipexec.collect import Chapter
from snipexec.errors import SnippetError
from snipexec.execute import ChapterRun
from snipexec.jupyter_pages import NotebookPages
from snipexec.render import FigureUrl
from snipexec.report import DETAILS
from snipexec.session import Sessions

# The options and their defaults are the core's (core.DEFAULTS says what each does).
SnipexecConfig = type(
    "SnipexecConfig",
    (Config,),
    {"__module__": __name__} | {k: c.Type(type(v), default=v) for k, v in core.DEFAULTS.items()},
)


class SnipexecPlugin(BasePlugin[SnipexecConfig]):  # type: ignore[valid-type]
    def __init__(self) -> None:
        self.serving = False
        self.chapters: dict[str, Chapter] = {}
        self.runs: dict[str, ChapterRun] = {}
        self.page_errors: dict[str, SnippetError] = {}
        # Under `serve` (this instance lives as long as the server): each chapter's
        # session, and a fingerprint of what each page last showed (core.shown).
        self.sessions: Sessions | None = None
        self.shown: dict[str, str] = {}
        self.built_once = False
        self.report_details = ""  # the report page's HTML put in after Markdown
        self.jupyter = NotebookPages()  # the notebook pages (snipexec.jupyter_pages)

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
        notebooks = root / self.config.cache_dir / "site-notebooks"  # mkdocs-jupyter needs real files
        pages = [
            (file.src_uri, Path(file.abs_src_path))
            for file in files.documentation_pages()
            if file.abs_src_path is not None and file.src_uri.endswith(".md")
        ]
        # The server's first build runs stale chapters from the top and caches them, as
        # `mkdocs build` does; later ones (after an edit) resume sessions.
        try:
            vendor = root / self.config.vendor_dir
            for path in core.vendor_files(vendor):
                files.append(
                    File(
                        path.relative_to(vendor.parent).as_posix(),
                        str(vendor.parent),
                        config.site_dir,
                        config.use_directory_urls,
                    )
                )
            # Under serve an edit runs one chapter, and mkdocs-jupyter renders its notebook.
            ahead = None
            if not self.serving and core.execution(self.config) == "run":
                ahead = self.jupyter.ahead(config, notebooks, self.config.jobs)
            self.chapters, self.runs, self.page_errors = core.run_pages(
                root,
                self.config,
                pages,
                self.serving,
                self.sessions,
                resume=self.built_once,
                ran=ahead,
            )
        except core.BuildError as error:
            self.jupyter.chapters_done()
            self.jupyter.wait_for_renders()  # what they render is the next build's
            raise PluginError(str(error)) from error
        self.jupyter.chapters_done()
        self.built_once = True
        self.jupyter.add(files, config, self.runs, notebooks)
        if self.config.report_page:  # the generated execution report (snipexec.report)
            report = File.generated(config, self.config.report_page, content="")
            explain = files.get_file_from_path("architecture.md") is not None
            markdown, self.report_details = core.report(
                self.runs, report.src_uri, config.use_directory_urls, explain
            )
            report.content_string = markdown
            files.append(report)
        if self.serving:  # --dirty rebuilds only pages whose Markdown is newer than their HTML
            for uri, run in self.runs.items():
                shown = core.shown(run, self.page_errors.get(uri))
                file = files.get_file_from_path(uri)
                if file is not None and self.shown.get(uri) not in (None, shown):
                    file.is_modified = lambda: True  # type: ignore[method-assign]
                self.shown[uri] = shown
        return files

    @event_priority(-50)  # after mkdocs-jupyter has wrapped our notebook files
    def _on_files_notebooks_wrapped(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.jupyter.wrapped(files)
        return files

    on_files = CombinedEvent(_on_files_execute, _on_files_notebooks_wrapped)

    @event_priority(50)  # before mkdocs-jupyter looks for the render in its cache
    def _on_pre_page_wait(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        if self.jupyter.is_notebook(page):
            self.jupyter.wait_for_renders()
        return page

    @event_priority(-50)  # after mkdocs-jupyter has set the page's render up
    def _on_pre_page_guard(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        if self.jupyter.is_notebook(page):
            self.jupyter.guard_render(page, config)
        return page

    on_pre_page = CombinedEvent(_on_pre_page_wait, _on_pre_page_guard)

    @event_priority(50)  # before mkdocs-jupyter's on_post_build
    def _on_post_build_pause_render_eviction(self, *, config: MkDocsConfig) -> None:
        self.jupyter.wait_for_renders()  # ended at the first notebook page, if there was one
        self.jupyter.pause_eviction(config, added_notebooks=bool(self.jupyter.files))

    @event_priority(-50)  # after mkdocs-jupyter's on_post_build
    def _on_post_build_resume_render_eviction(self, *, config: MkDocsConfig) -> None:
        self.jupyter.resume_eviction()
        self.jupyter.write_stylesheets(config)

    on_post_build = CombinedEvent(_on_post_build_pause_render_eviction, _on_post_build_resume_render_eviction)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri == self.config.report_page:
            return html.replace(DETAILS, self.report_details, 1)
        if self.jupyter.is_notebook(page):
            return self.jupyter.finish(html, page)
        return html

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.jupyter.title(nav)
        return nav

    @event_priority(50)  # before Material's search plugin indexes the page
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):  # type: ignore[no-untyped-def]
        """Notebooks (copies of their chapters) and the report would double the index."""
        if self.jupyter.is_notebook(page) or page.file.src_uri == self.config.report_page:
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return context

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        if not uri.endswith(".md"):
            return markdown  # not collected (on_files): e.g. a notebook's ~1 MB of JSON, unread
        buttons = ""
        if (notebook := self.jupyter.files.get(uri)) is not None:
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
