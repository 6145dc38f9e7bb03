"""The notebook pages under MkDocs: what the plugin does around mkdocs-jupyter, in one place.

mkdocs-jupyter renders each chapter's notebook (nbconvert) as a page of the site: this
module adds the notebooks to the site (out of the nav: each chapter's buttons lead to its
notebook), titles them after their chapters, and works around four things it does; the
MkDocs plugin (snipexec.mkdocs_plugin) calls these from its events, and nothing else
touches mkdocs-jupyter's internals:

- render ahead (``mkdocs build``): it renders the notebooks one after the other, after
  every Markdown page (``make bench`` prints what that costs a build). Renderers forked
  before the chapters run render each chapter's notebook as soon as the chapter has run
  instead, through mkdocs-jupyter's own ``on_pre_page`` and ``render``, which write its
  cache: when the build reaches a notebook page it reads the render from there. At the
  lowest priority while chapters run, they use the core that the last chapters leave
  idle, not the chapters' time; then they share the build's.
- keep its cache: it deletes every cached render a build did not use, so a build that
  added no notebooks (execution off) would cost the next one a re-render of all of them.
  Its cache is switched off for that build's eviction only.
- a damaged render in its cache (a write cut short: it writes in place) would stop every
  later build with a raw traceback; such files are deleted and the page rendered again.
- stylesheets: it inlines ~590 KiB of stylesheets into every notebook page; they become
  files named by their content, linked from each page (one download for all of them).

The Zensical path renders notebooks with nbconvert itself (snipexec.core) and needs none
of this.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import logging
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable
from multiprocessing import connection, get_context
from multiprocessing.process import BaseProcess
from multiprocessing.queues import SimpleQueue
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from snipexec import core, deps
from snipexec.execute import ChapterRun
from snipexec.notebook import (
    describe_images,
    drop_mermaid_loader,
    fold_hidden_sources,
    hidden_source_ids,
    image_alts,
    link_stylesheets,
    page_title,
    plain_mermaid,
)

log = logging.getLogger("mkdocs.plugins.snipexec")


class NotebookPages:
    """State of one build's notebook pages (the plugin holds one for its lifetime)."""

    def __init__(self) -> None:
        self.files: dict[str, File] = {}  # chapter page src_uri -> its notebook file
        self.renderers: list[BaseProcess] = []  # rendering notebooks ahead
        self.queue: SimpleQueue[str | None] | None = None  # the notebooks they render
        self.paused: BasePlugin | None = None  # mkdocs-jupyter, during its eviction
        self.stylesheets: dict[str, str] = {}  # site path -> CSS the notebook pages link to
        self.names: dict[str, str] = {}  # and back

    def add(self, files: Files, config: MkDocsConfig, runs: dict[str, ChapterRun], src_dir: Path) -> None:
        """Write each chapter's notebook below `src_dir` (mkdocs-jupyter needs a real path)
        and add it to the site: not the front page's, which is no chapter."""
        self.files = {}
        for uri, run in runs.items():
            if run.error is None and uri != "index.md":
                path = core.write_chapter_notebook(
                    run, src_dir, config.site_url or "", config.use_directory_urls
                )
                rel = path.relative_to(src_dir).as_posix()
                self.files[uri] = File(rel, str(src_dir), config.site_dir, config.use_directory_urls)
                files.append(self.files[uri])

    def wrapped(self, files: Files) -> None:
        """Once mkdocs-jupyter has wrapped the notebook files: keep them out of the nav."""
        for uri, notebook in self.files.items():
            self.files[uri] = files.get_file_from_path(notebook.src_uri) or notebook
            self.files[uri].inclusion = InclusionLevel.NOT_IN_NAV

    def is_notebook(self, page: Page) -> bool:
        return page.file.src_uri in {n.src_uri for n in self.files.values()}

    def title(self, nav: Navigation) -> None:
        """Title each rendered notebook after its chapter's heading (known once pages are read)."""
        for chapter_page in nav.pages:
            notebook = self.files.get(chapter_page.file.src_uri)
            if notebook is not None and notebook.page is not None:
                text = Path(chapter_page.file.abs_src_path or "").read_text(encoding="utf-8")
                notebook.page.title = page_title(text) or notebook.page.title

    def ahead(self, config: MkDocsConfig, src_dir: Path, jobs: int) -> Callable[[ChapterRun], None] | None:
        """Start `jobs` renderers, and return what to call with each chapter run as it ends
        (``core.run_pages``): it writes the chapter's notebook below `src_dir`, as
        :meth:`add` will, and hands it to them. They are forked now, before any kernel or
        event loop exists, and inherit the loaded config and plugins (nothing to pickle or
        import again). Until :meth:`chapters_done` they render at the lowest priority.
        None without a spare core (one job) or without mkdocs-jupyter's cache. A render
        that fails there is simply done again by mkdocs-jupyter, in its turn."""
        jupyter = _caching_jupyter(config)
        if jupyter is None or jobs < 2:
            return None
        fork = get_context("fork")
        self.queue = queue = fork.SimpleQueue()
        self.renderers = [
            fork.Process(target=_renderer, args=(jupyter, queue, src_dir, config), daemon=True)
            for _ in range(jobs)
        ]
        for renderer in self.renderers:
            renderer.start()
        self._priority(19)

        def render(run: ChapterRun) -> None:
            if run.error is not None or run.chapter.name == "index":  # the front page: no notebook
                return
            try:
                urls = config.use_directory_urls
                path = core.write_chapter_notebook(run, src_dir, config.site_url or "", urls)
                queue.put(path.relative_to(src_dir).as_posix())
            except Exception as error:  # noqa: BLE001 - only a shortcut: never the build's failure
                log.debug("snipexec: rendering %s ahead failed: %s", run.chapter.name, error)

        return render

    def chapters_done(self) -> None:
        """No kernel runs any more: the renderers get the build's own priority."""
        self._priority(max(0, os.nice(0)))

    def _priority(self, nice: int) -> None:
        """Set each renderer's nice value, and its session's (Linux's autogroups: the CPU
        is shared between sessions first, and each kernel has its own, see
        snipexec.execute._share_our_priority). The process's own value counts where
        sessions do not: autogroups off, or the build in a cgroup of its own (a systemd
        desktop's). Done here, not by the renderers, so that the changes come in order;
        a session's only once the renderer leads it, or it would be the build's session
        that changed."""
        groups = _autogroups()
        for renderer in self.renderers:
            pid = renderer.pid
            if pid is None:
                continue
            try:
                os.setpriority(os.PRIO_PROCESS, pid, nice)
            except OSError:
                pass  # a priority raised back needs privilege: the renders finish at nice 19
            deadline = time.monotonic() + 5
            while groups and _session(pid) != pid and time.monotonic() < deadline:
                time.sleep(0.005)  # the renderer has not called setsid() yet
            if groups and _session(pid) == pid:
                _session_nice(pid, nice)

    def wait_for_renders(self) -> None:
        """Before mkdocs-jupyter looks for a render in its cache, after
        :meth:`chapters_done`: the renders are in place once the renderers exit (each at
        the end of the queue). One that died (killed)
        may hold the queue's lock: the others are stopped then, and the notebooks they
        did not render mkdocs-jupyter renders in its turn."""
        if self.queue is None:
            return
        for _ in self.renderers:
            self.queue.put(None)
        running = list(self.renderers)
        while running:
            connection.wait([r.sentinel for r in running])
            running = [r for r in running if r.is_alive()]
            if any(r.exitcode for r in self.renderers if not r.is_alive()):
                for renderer in running:
                    renderer.terminate()
                break
        for renderer in self.renderers:
            renderer.join()
        self.queue.close()
        self.renderers, self.queue = [], None

    def guard_render(self, page: Page, config: MkDocsConfig) -> None:
        """Once mkdocs-jupyter has set a notebook page's render up (it reads its cached
        render there): if that raises what a damaged file does, the damaged renders are
        deleted, with a line each, and the page is rendered again. Nothing is read twice
        on the way that works."""
        jupyter = _caching_jupyter(config)
        if jupyter is None:
            return
        render = page.render

        def guarded(config: MkDocsConfig, files: Files) -> None:
            try:
                render(config, files)
            except (ValueError, KeyError, TypeError):  # a JSON cut short, of another shape
                if not _drop_damaged_renders(Path(jupyter.config["cache_dir"])):
                    raise  # not the cache: a failure of the render itself
                render(config, files)

        page.render = guarded  # type: ignore[method-assign]

    def pause_eviction(self, config: MkDocsConfig, added_notebooks: bool) -> None:
        """Before mkdocs-jupyter's on_post_build: a build that added no notebooks switches
        its cache off for the eviction only (it reads the option there)."""
        jupyter = _caching_jupyter(config)
        if added_notebooks or jupyter is None:
            return
        jupyter.config["cache"] = False
        self.paused = jupyter

    def resume_eviction(self) -> None:
        """After mkdocs-jupyter's on_post_build."""
        if self.paused is not None:
            self.paused.config["cache"] = True
            self.paused = None

    def write_stylesheets(self, config: MkDocsConfig) -> None:
        for name, css in self.stylesheets.items():
            path = Path(config.site_dir) / name
            if not path.exists():  # named by its content: an existing file is this CSS
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(css, encoding="utf-8")

    def finish(self, html: str, page: Page) -> str:
        """A rendered notebook page as the site shows it: stylesheets linked as files
        (Material's search plugin also spent ~12 ms a page scanning them inline), Mermaid
        drawn by the site's own loader, hidden sources folded, images with alt text (from
        the notebook: nbconvert gives them none)."""

        def url(css: str) -> str:
            if (name := self.names.get(css)) is None:  # sha256 once, not per page
                name = f"assets/stylesheets/notebook-{hashlib.sha256(css.encode()).hexdigest()[:16]}.css"
                self.names[css] = name
            self.stylesheets[name] = css
            return get_relative_url(name, page.file.url)

        notebook = json.loads(Path(page.file.abs_src_path or "").read_text(encoding="utf-8"))
        html = plain_mermaid(drop_mermaid_loader(link_stylesheets(html, url)))
        return describe_images(fold_hidden_sources(html, hidden_source_ids(notebook)), image_alts(notebook))


def _caching_jupyter(config: MkDocsConfig) -> BasePlugin | None:
    """The mkdocs-jupyter plugin, if the site uses it with its render cache on."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    return jupyter if jupyter is not None and jupyter.config.get("cache") else None


def _drop_damaged_renders(cache_dir: Path) -> list[Path]:
    """Delete the renders in mkdocs-jupyter's cache that are not what it wrote (it reads
    a JSON object with the page's HTML and table of contents); say which."""
    dropped = []
    for path in sorted(cache_dir.glob("*.json")):
        try:
            render = json.loads(path.read_bytes())
            whole = isinstance(render, dict) and isinstance(render.get("content"), str)
            whole = whole and get_toc(render["toc_tokens"]) is not None  # raises if it is not one
        except (ValueError, KeyError, TypeError, AttributeError):
            whole = False
        if not whole:
            path.unlink(missing_ok=True)
            deps.warn_damaged(path, "not a rendered notebook", "rendered again")
            dropped.append(path)
    return dropped


def _renderer(
    jupyter: BasePlugin, queue: SimpleQueue[str | None], src_dir: Path, config: MkDocsConfig
) -> None:
    """A forked process: mkdocs-jupyter renders each notebook page named in `queue` (until
    None). In a session of its own where Linux's autogroups are on; the build sets its
    priority (see `_priority`). Each render is written to a folder of its
    own, then moved into mkdocs-jupyter's cache whole (it writes in place: a renderer
    stopped mid-write would leave a damaged file). A failure only costs time:
    mkdocs-jupyter renders that notebook again."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: end with the build
    except (OSError, AttributeError):
        pass  # not Linux
    if _autogroups():
        os.setsid()
    cache = Path(jupyter.config["cache_dir"])
    cache.mkdir(parents=True, exist_ok=True)
    own = Path(tempfile.mkdtemp(prefix=".ahead-", dir=cache))
    jupyter.config["cache_dir"] = str(own)  # this process's copy of the plugin only
    try:
        while (rel := queue.get()) is not None:
            try:
                file = File(rel, str(src_dir), config.site_dir, config.use_directory_urls)
                page = Page(None, file, config)
                files = Files([file])
                jupyter.on_pre_page(page, config, files)
                page.render(config, files)
                for made in own.glob("*.json"):
                    made.replace(cache / made.name)
            except Exception as error:  # noqa: BLE001
                log.debug("snipexec: rendering %s ahead failed: %s", rel, error)
    finally:
        shutil.rmtree(own, ignore_errors=True)


def _autogroups() -> bool:
    try:
        return Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1"
    except OSError:
        return False


def _session(pid: int) -> int | None:
    try:
        return os.getsid(pid)
    except OSError:
        return None


def _session_nice(pid: int, nice: int) -> None:
    """Write a session's nice value. A raise needs no privilege, but without it the
    kernel takes one change per 0.1 s from the whole system: try again for a while."""
    deadline = time.monotonic() + 3
    while True:
        try:
            Path(f"/proc/{pid}/autogroup").write_text(str(nice))
            return
        except OSError:
            if time.monotonic() > deadline or not Path(f"/proc/{pid}/autogroup").exists():
                return
            time.sleep(0.02)
