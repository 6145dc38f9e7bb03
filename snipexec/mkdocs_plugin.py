"""The MkDocs adapter: a thin plugin that calls collect → execute → render.

It holds no logic of its own beyond wiring MkDocs events to the machinery:
- ``on_files``: collect every page's snippets, run all chapters (cached, in parallel),
  and add the self-hosted KaTeX/Mermaid files from ``vendor/`` to the site;
- ``on_page_markdown``: replace each ``!snippet`` line with its code and outputs.

During ``mkdocs build`` any broken chapter stops the build (non-zero exit) with an error
naming the page, the snippet file and line. During ``mkdocs serve`` the error is shown on
the page instead, so the server keeps running while the contributor fixes it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from snipexec.collect import Chapter, collect_chapter, iter_directives
from snipexec.errors import SnippetError
from snipexec.execute import ChapterRun, Settings, run_chapters
from snipexec.render import render_code, render_error, render_snippet

log = logging.getLogger("mkdocs.plugins.snipexec")


class SnipexecConfig(Config):
    snippets_dir = c.Type(str, default="snippets")
    cache_dir = c.Type(str, default=".cache/snipexec")
    vendor_dir = c.Type(str, default="vendor")
    timeout = c.Type(int, default=900)
    jobs = c.Type(int, default=os.cpu_count() or 1)
    # SNIPEXEC_EXECUTE=0 builds the site without running anything (pages say so).
    execute = c.Type(bool, default=True)


class SnipexecPlugin(BasePlugin[SnipexecConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.chapters: dict[str, Chapter] = {}
        self.runs: dict[str, ChapterRun] = {}
        self.page_errors: dict[str, SnippetError] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_serve(self, server, *, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        """Rebuild when a snippet changes, not only when a page does."""
        server.watch(str(Path(config.config_file_path).parent / self.config.snippets_dir))
        return server

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        root = Path(config.config_file_path).parent
        self._add_vendor(files, config, root / self.config.vendor_dir)
        self.chapters, self.runs, self.page_errors = {}, {}, {}
        for file in files.documentation_pages():
            if file.abs_src_path is None:
                continue
            page = Path(file.abs_src_path)
            try:
                chapter = collect_chapter(page, page.read_text(encoding="utf-8"), root / self.config.snippets_dir)
            except SnippetError as error:
                self._fail(file.src_uri, error)
                continue
            if chapter.snippets:
                self.chapters[file.src_uri] = chapter
        if not self._executing() or not self.chapters:
            return files
        settings = Settings(
            root=root,
            cache_dir=root / os.environ.get("SNIPEXEC_CACHE_DIR", self.config.cache_dir),
            timeout=self.config.timeout,
            jobs=self.config.jobs,
        )
        for uri, run in zip(self.chapters, run_chapters(list(self.chapters.values()), settings), strict=True):
            self.runs[uri] = run
            if run.error is not None:
                self._fail(uri, run.error)
            elif not run.from_cache:
                log.info("snipexec: executed %s (%d snippets)", uri, len(run.chapter.snippets))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        if uri in self.page_errors and uri not in self.chapters:
            return render_error(self.page_errors[uri]) + "\n\n" + markdown  # type: ignore[arg-type]
        chapter, run = self.chapters.get(uri), self.runs.get(uri)
        lines = markdown.splitlines()
        for k, (number, _) in reversed(list(enumerate(iter_directives(markdown)))):
            lines[number - 1] = self._render(chapter, run, k)
        return "\n".join(lines) + "\n"

    def _render(self, chapter: Chapter | None, run: ChapterRun | None, k: int) -> str:
        assert chapter is not None, "on_files collected every page that has directives"
        snippet = chapter.snippets[k]
        if run is None:  # execution switched off
            return f"\n{render_code(snippet)}\n\n!!! note \"Output not shown: this build ran with execution off\"\n"
        cell = run.notebook.cells[k]
        if run.error is not None and run.error.file == snippet.file:
            return "\n" + render_code(snippet) + "\n\n" + render_error(run.error) + "\n"
        if run.error is not None and not cell.get("execution_count"):
            return "\n" + render_code(snippet) + "\n"
        return "\n" + render_snippet(snippet, cell.outputs) + "\n"

    def _executing(self) -> bool:
        return self.config.execute and os.environ.get("SNIPEXEC_EXECUTE", "1") != "0"

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
                f"{vendor} is missing: KaTeX and Mermaid are self-hosted. Run `make vendor` (or `make setup`)."
            )
        for path in sorted(p for p in vendor.rglob("*") if p.is_file() and not p.name.startswith(".")):
            rel = path.relative_to(vendor.parent).as_posix()
            files.append(File(rel, str(vendor.parent), config.site_dir, config.use_directory_urls))

