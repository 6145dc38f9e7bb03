"""Shared fixtures: the project root, and a way to build throwaway sites."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from standalone import StandaloneRunner

from snipexec.collect import Chapter, collect_chapter
from snipexec.execute import Cache, Settings, kernel_sockets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the snippets package of this checkout, not another one
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Hub ids resolve from the seeded offline cache, as in the build (mkdocs.yml `env:`); set
# before anything imports huggingface_hub, which reads it once. Re-seeded here too, so an
# edited model config is what the tests load.
os.environ.setdefault("HF_HOME", str(ROOT / ".cache" / "hf"))
from scripts import gguf_speedups  # noqa: E402
from scripts.hub_cache import GGUF_FILE, GGUF_REPO, GGUF_REVISION, seed  # noqa: E402 - after HF_HOME is set

seed(ROOT)
# Tests that load the chat model load it as the build's kernels do: same tensors, a
# quarter of the time (tests/test_hub_cache.py compares a load with and without this).
gguf_speedups.install()
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("MPLBACKEND", "Agg")
# The build runs each chapter's kernel with one thread (snipexec.execute.kernel_env);
# tests and standalone runs use the same, so they compute the same last digits.
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["MKL_NUM_THREADS"] = "1"

# The guide's chapters (pages with snippets), in file order: shared by the test modules.
CHAPTERS: list[Chapter] = [
    chapter
    for page in sorted((ROOT / "docs").glob("*.md"))
    if (chapter := collect_chapter(page, page.read_text(), ROOT / "snippets")).snippets
]

MINI_MKDOCS = """\
site_name: Throwaway
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - snipexec:
      timeout: {timeout}
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - pymdownx.details
  - pymdownx.superfences:
      custom_fences:
        - name: output
          class: snippet-text
          format: !!python/name:pymdownx.superfences.fence_code_format
"""


class Project:
    """A throwaway project (docs/, snippets/, mkdocs.yml) in a temporary folder."""

    def __init__(self, path: Path, timeout: int = 60) -> None:
        self.path = path
        (path / "docs").mkdir()
        (path / "snippets").mkdir()
        (path / "snippets" / "__init__.py").write_text("")
        shutil.copytree(ROOT / "vendor", path / "vendor")
        (path / "mkdocs.yml").write_text(MINI_MKDOCS.format(timeout=timeout))

    def page(self, name: str, text: str) -> Path:
        p = self.path / "docs" / name
        p.write_text(textwrap.dedent(text))
        return p

    def snippet(self, rel: str, code: str) -> Path:
        p = self.path / "snippets" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        (p.parent / "__init__.py").touch()
        p.write_text(textwrap.dedent(code))
        return p

    def render_notebooks(self) -> None:
        """Add mkdocs-jupyter to mkdocs.yml, rendering the chapters' notebooks as the guide does."""
        config = self.path / "mkdocs.yml"
        jupyter = '  - mkdocs-jupyter:\n      include: ["notebooks/*.ipynb"]\n'
        text = config.read_text()
        config.write_text(text.replace("markdown_extensions:", jupyter + "markdown_extensions:"))

    def build(self, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """`mkdocs build --strict`; `env`: variables added to this process's environment."""
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", *extra],
            cwd=self.path,
            capture_output=True,
            text=True,
            timeout=600,
            env={**os.environ, **(env or {})},
        )

    def html(self, page: str) -> str:
        return (self.path / "site" / page / "index.html").read_text()

    def html_of(self, md: str) -> str:
        """The built HTML of docs/<md> (index.md is the site's front page)."""
        stem = md.removesuffix(".md")
        return (self.path / "site" / ("" if stem == "index" else stem) / "index.html").read_text()


def snipexec_cli(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m snipexec ARGS` in the project `root`, with this checkout's snipexec."""
    return subprocess.run(
        [sys.executable, "-m", "snipexec", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )


def run_async(coroutine):  # type: ignore[no-untyped-def]
    """``asyncio.run(coroutine)`` in a thread of its own: once a browser test has started
    the session's Chromium, Playwright's sync API keeps an event loop running in this one."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A throwaway project in tmp_path/project: the test's own files (logs) stay outside
    it, where the probe lets snippets write."""
    (tmp_path / "project").mkdir()
    return Project(tmp_path / "project")


def page_html(site: Path, chapter: Chapter) -> str:
    """The built HTML of a chapter's page (docs/index.md is the site's front page)."""
    folder = site if chapter.name == "index" else site / chapter.name
    return (folder / "index.html").read_text()


class ReaderKernel:
    """Fresh Jupyter kernels as a reader at home has them: the guide's libraries installed,
    this repository nowhere (not on sys.path, not installed), and only the seeded cache
    standing in for the internet (HF_HOME=<repo>/.cache/hf, HF_HUB_OFFLINE=1).

    The kernel's Python is a throwaway virtual environment whose one ``.pth`` line points
    at the project venv's site-packages. A path added that way gets no ``.pth`` processing
    of its own, so the editable install of this project (a ``.pth`` import hook) is not
    active either: ``import snippets`` fails there, whatever pyproject.toml installs.
    One thing differs from home, and gives the same results: the build's GGUF speed-ups.
    Each kernel is forked from a process that has imported the libraries of the blocks
    it will run (tests/kernel_zygote.py), a real ipykernel all the same.
    """

    NAME = "tt-reader"

    def __init__(self, folder: Path, nice: tuple[str, ...] = ()) -> None:
        """`nice`: a command prefix for the kernels, e.g. ``("nice", "-n", "5")``."""
        import site
        import venv

        from snipexec.execute import FIXED_ENV  # the build kernel's threads and seeds

        venv.EnvBuilder(with_pip=False).create(folder / "venv")
        python = folder / "venv" / "bin" / "python"
        purelib = subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        libraries = [str(Path(p).resolve()) for p in site.getsitepackages()]
        # The build's GGUF speed-ups, alone in a folder of their own (the repository stays
        # out of reach), installed as each kernel starts: a reader's load of the chat model
        # takes about 20 s without them and 2 s with them, the file parsed before the fork
        # (make bench), in seven chapters. What the reader
        # test checks stays the same: tests/test_hub_cache.py shows that a load with them
        # gives the tokenizer, config and every tensor of a load without.
        speedups = folder / "speedups"
        speedups.mkdir()
        shutil.copy(ROOT / "scripts" / "gguf_speedups.py", speedups)
        pth = Path(purelib) / "libraries-of-the-guide.pth"
        pth.write_text("\n".join([*libraries, str(speedups)]) + "\n")
        profile = folder / "ipython" / "profile_default"
        profile.mkdir(parents=True)
        # __import__: no name is left in the reader's namespace.
        (profile / "ipython_kernel_config.py").write_text(
            "c.InteractiveShellApp.exec_lines = [\"__import__('gguf_speedups').install()\"]\n"
        )
        # Each kernel is forked from one process that has imported the chapters'
        # libraries (tests/kernel_zygote.py, copied out of the repository): the kernel
        # spec's command asks it for one.
        self.zygote = Path(shutil.copy(ROOT / "tests" / "kernel_zygote.py", folder))
        self.socket = folder / "zygote.socket"
        spec = folder / "kernels" / self.NAME
        spec.mkdir(parents=True)
        argv = [str(python), str(self.zygote), "kernel", str(self.socket), "-f", "{connection_file}"]
        (spec / "kernel.json").write_text(
            json.dumps({"argv": argv, "display_name": "reader", "language": "python"})
        )
        self.kernels = folder / "kernels"
        self.python, self.nice = python, nice
        # Run by the process the kernels and plain runs fork from, so each starts with the
        # chat model's GGUF file parsed (scripts/gguf_speedups.py).
        from huggingface_hub import try_to_load_from_cache

        gguf = try_to_load_from_cache(GGUF_REPO, GGUF_FILE, revision=GGUF_REVISION)
        warm = f"gguf_speedups.warm({gguf!r})" if isinstance(gguf, str) else "gguf_speedups.install()"
        self.setup = f"import gguf_speedups\n{warm}"
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(folder / "home"),
            "IPYTHONDIR": str(folder / "ipython"),
            "MPLCONFIGDIR": str(folder / "mpl"),
            **FIXED_ENV,
            "HF_HOME": str(ROOT / ".cache" / "hf"),
            "HF_HUB_OFFLINE": "1",
        }

    def run_all(
        self, work: list[tuple[nbformat.NotebookNode, Path]], jobs: int = os.cpu_count() or 1
    ) -> list[BaseException | None]:
        """Execute each ``(nb, cwd)`` in place, ``jobs`` fresh kernels at a time, in the
        given order; the error each raised, or None."""
        from plain_python import imported

        modules = imported([cell.source for nb, _ in work for cell in nb.cells])
        argv = [*self.nice, str(self.python), str(self.zygote), "serve", str(self.socket), self.setup]
        argv += sorted(modules)
        if self.nice:  # a session of its own is a scheduling group of its own: nice it too
            # (see snipexec.execute._share_our_priority); $@ is the command above.
            group = f"echo {self.nice[-1]} > /proc/self/autogroup 2>/dev/null"
            argv = ["sh", "-c", f'{group}; exec "$@"', "sh", *argv]
        log = self.kernels.parent / "zygote.log"
        with log.open("wb") as err:
            zygote = subprocess.Popen(
                argv, env=self.env, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True
            )
        try:
            while not self.socket.exists():
                if zygote.poll() is not None:
                    raise RuntimeError(f"the kernel zygote exited:\n{log.read_text()[-3000:]}")
                time.sleep(0.1)
            return asyncio.run(self._all(work, jobs))
        finally:
            zygote.kill()
            zygote.wait()

    async def _all(
        self, work: list[tuple[nbformat.NotebookNode, Path]], jobs: int
    ) -> list[BaseException | None]:
        gate = asyncio.Semaphore(jobs)

        async def one(nb: nbformat.NotebookNode, cwd: Path) -> BaseException | None:
            async with gate:
                # As the build's kernels: sockets of their own, outside the empty working folder.
                with kernel_sockets() as sockets:
                    try:
                        # cleanup_kc: stop the kernel when done (nbclient leaves a kernel
                        # alive when it was handed the kernel manager, as here).
                        client = self._client(nb, cwd, 900, sockets)
                        await client.async_execute(env=self.env, cleanup_kc=True)
                    except Exception as error:  # reported by the test of that chapter
                        return error
                return None

        return list(await asyncio.gather(*(one(nb, cwd) for nb, cwd in work)))

    def run_plain(self, work: list[tuple[list[str], Path]]) -> list[dict]:
        """Run each ``(blocks, folder)`` through plain ``python``'s interactive console
        (tests/plain_python.py, copied beside the folders), each in an empty
        ``folder/cwd``, as many at a time as there are cores; what each block printed,
        and the first error (see that file)."""
        runner = shutil.copy(ROOT / "tests" / "plain_python.py", self.kernels.parent)
        jobs = []
        for blocks, folder in work:
            (folder / "cwd").mkdir(parents=True)
            jobs.append({"blocks": blocks, "cwd": str(folder / "cwd"), "result": str(folder / "result.json")})
        jobs_file = self.kernels.parent / "plain-jobs.json"
        jobs_file.write_text(json.dumps(jobs))
        done = subprocess.run(
            [*self.nice, str(self.python), runner, str(jobs_file), self.setup],
            cwd=self.kernels.parent,
            env={**self.env, "MPLBACKEND": "Agg"},
            capture_output=True,
            text=True,
            timeout=1800,
        )
        results = []
        for job in jobs:
            result = Path(job["result"])
            if done.returncode != 0 or not result.exists():
                message = f"plain python exited {done.returncode}:\n{done.stderr[-3000:]}"
                results.append({"printed": [], "error": message})
            else:
                results.append(json.loads(result.read_text()))
        return results

    def _client(
        self, nb: nbformat.NotebookNode, cwd: Path, timeout: int, sockets: dict[str, str]
    ):  # -> NotebookClient
        from jupyter_client.kernelspec import KernelSpecManager
        from jupyter_client.manager import AsyncKernelManager
        from nbclient import NotebookClient

        km = AsyncKernelManager(kernel_name=self.NAME, **sockets)
        km.kernel_spec_manager = KernelSpecManager(kernel_dirs=[str(self.kernels)])
        return NotebookClient(
            nb,
            km=km,
            timeout=timeout,
            allow_errors=False,
            shutdown_kernel="immediate",  # as the build's: no 1 s wait for a graceful exit
            resources={"metadata": {"path": str(cwd)}},
        )


# First cell of every reader run: the proof that the repository is out of reach (and
# that the kernel set itself up as ReaderKernel says).
NOT_IN_THE_REPO = """\
import os, sys
try:
    import snippets
except ModuleNotFoundError:
    pass
else:
    raise AssertionError(f"the repository is importable: {snippets.__path__}")
assert not os.listdir("."), "the kernel runs in an empty folder"
assert "gguf_speedups" in sys.modules, "the kernel started without its GGUF speed-ups"
"""


def shown_blocks(chapter: Chapter) -> list[tuple[str, str]]:
    """(title, code) of each snippet whose code the page shows, in page order."""
    return [(s.display_path, s.code) for s in chapter.snippets if s.option("code", "show") != "hide"]


def copied_blocks(page: BeautifulSoup) -> list[tuple[str, str]]:
    """(title, code) of each Python block, in page order, as its copy button copies it."""
    blocks = []
    for block in page.select("article div.language-python"):
        title = block.select_one(".filename")
        blocks.append((title.get_text() if title else "", block.select_one("pre > code").get_text()))
    return blocks


@dataclass
class ReaderRun:
    """One chapter's copy-button code, run in a fresh reader kernel outside the repository."""

    blocks: list[tuple[str, str]]  # (title, code) as the copy buttons give them
    nb: nbformat.NotebookNode  # NOT_IN_THE_REPO, then one executed cell per block
    error: BaseException | None  # why the run stopped, if it did
    # The same blocks pasted into plain `python` (ReaderKernel.run_plain): what each
    # printed, and the traceback that stopped them, if one did.
    plain: list[str] = field(default_factory=list)
    plain_error: str | None = None


# The suite's heavy work: the guide's build, a second build from clean, the copied code of
# every chapter in reader kernels, every snippet file run on its own, and on the built
# site the walk of every page (tests/tour.py) and the accessibility audit. Each runs in
# the background from the moment the run is known to need it (the browser work from the
# moment the site is built), and the tests that read it run last and wait for it; so on
# 2 cores it overlaps the other tests (and collection, which imports the snippets the
# in-process tests check) instead of following them.
# The background runs at a lower CPU priority: the other tests run one at a time, so
# they get a core whenever they want one and the background work fills the rest (left
# at equal priority, six background processes starve them and the suite ends on a long
# tail of one test after another). The build, and the browser work after it, come
# first; the reader, standalone and clean-rebuild runs fill what is left. (Each kernel
# is a scheduling group of its own, weighted by its nice value: with the clean
# rebuild's kernels at the build's priority too, the other tests got less than a core,
# and the suite took longer.)
FIRST, THEN = ("nice", "-n", "5"), ("nice", "-n", "10")


# Browser work on the built site, each a script of its own run as soon as the site is
# built (SCRIPT SITE OUT.json), by the fixture whose tests read its result.
AFTER_SITE = {"tour": "tour.py", "audit_results": "test_accessibility.py"}

SNIPPET_FILES = sorted(p for p in (ROOT / "snippets").rglob("*.py") if p.name != "__init__.py")


def module_name(path: Path) -> str:
    """``snippets/attention/scores.py`` -> ``snippets.attention.scores``."""
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


@dataclass
class Needs:
    """What a set of tests reads from the background work (see :func:`needs_of`)."""

    site: bool = False  # the guide's build (fixture built_site)
    clean_rebuild: bool = False  # a second build from clean (fixture clean_rebuild)
    readers: set[str] = field(default_factory=set)  # chapters (fixture reader_runs)
    modules: list[str] = field(default_factory=list)  # snippet modules (fixture standalone)
    # Browser work on the built site (AFTER_SITE): the fixtures audit_results and tour.
    after_site: set[str] = field(default_factory=set)

    @classmethod
    def everything(cls, clean_rebuild: bool) -> Needs:
        chapters = {c.name for c in CHAPTERS}
        return cls(True, clean_rebuild, chapters, [module_name(p) for p in SNIPPET_FILES], set(AFTER_SITE))


def needs_of(items: list[pytest.Item]) -> Needs:
    needs = Needs()
    for item in items:
        names = getattr(item, "fixturenames", ())
        params = getattr(getattr(item, "callspec", None), "params", {})
        needs.site |= "built_site" in names
        needs.clean_rebuild |= "clean_rebuild" in names
        needs.after_site |= AFTER_SITE.keys() & set(names)
        if "reader_runs" in names:
            needs.readers.add(params["chapter"].name)
        if "standalone" in names:
            needs.modules.append(module_name(params["path"]))
    return needs


class Background:
    """Starts each piece of heavy work once (:meth:`start`), hands back its result when a
    test asks (:meth:`site` and the others wait for it), and stops what is left at the end."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="tt-tests-"))
        self.builds: dict[str, tuple[subprocess.Popen[bytes], Path]] = {}
        self.readers: set[str] = set()
        self.reader_thread: threading.Thread | None = None
        self.reader_runs: dict[str, ReaderRun] = {}
        self.reader_error: BaseException | None = None
        self.runner: StandaloneRunner | None = None
        self.modules: set[str] = set()
        # AFTER_SITE's scripts: each one's thread, process, JSON result or error.
        self.script_threads: dict[str, threading.Thread] = {}
        self.scripts: dict[str, subprocess.Popen[bytes]] = {}
        self.script_results: dict[str, dict] = {}
        self.script_errors: dict[str, BaseException] = {}
        # When each piece finished, in seconds after the session began (printed at the end:
        # whether the tests waited for it, and for what).
        self.began = time.monotonic()
        self.timeline: dict[str, float] = {}

    def _finished(self, name: str) -> None:
        self.timeline[name] = time.monotonic() - self.began

    def _when_done(self, name: str, process: subprocess.Popen) -> None:
        def wait() -> None:
            if process.wait() == 0:  # not killed at the session's end
                self._finished(name)

        threading.Thread(target=wait, daemon=True).start()

    def start(self, needs: Needs) -> None:
        if (needs.site or needs.after_site) and "site" not in self.builds:
            self._build("site", ROOT, FIRST)
        for fixture in sorted(needs.after_site - self.script_threads.keys()):
            thread = threading.Thread(target=self._after_site, args=(fixture,), daemon=True)
            self.script_threads[fixture] = thread
            thread.start()
        if needs.clean_rebuild and "clean" not in self.builds:
            self._build("clean", self._clean_copy(), THEN)
        if needs.readers and self.reader_thread is None:
            self.readers = set(needs.readers)
            self.reader_thread = threading.Thread(target=self._run_readers, daemon=True)
            self.reader_thread.start()
        if needs.modules and self.runner is None:
            env = {**os.environ, "MPLBACKEND": "Agg", "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
            (self.folder / "standalone").mkdir()
            self.runner = StandaloneRunner(env, self.folder / "standalone", nice=THEN)
            self.runner.submit(needs.modules)
            self.modules = set(needs.modules)
            self._when_done("standalone runs", self.runner.server)

    def site(self) -> Path:
        """The guide built by `mkdocs build --strict` with the project's own cache."""
        return self._wait("site")

    def clean_rebuild(self) -> Path:
        """The guide built again from a copy of its sources with empty caches."""
        return self._wait("clean")

    def reader(self) -> dict[str, ReaderRun]:
        """Chapter name -> its reader run, once all have finished."""
        assert self.reader_thread is not None, "the reader runs were never started (see needs_of)"
        self.reader_thread.join()
        if self.reader_error is not None:
            raise self.reader_error
        return self.reader_runs

    def after_site(self, fixture: str) -> dict:
        """What AFTER_SITE's script for `fixture` found on the built site (its JSON)."""
        assert fixture in self.script_threads, f"{fixture} was never started (see needs_of)"
        self.script_threads[fixture].join()
        if fixture in self.script_errors:
            raise self.script_errors[fixture]
        return self.script_results[fixture]

    def standalone(self) -> StandaloneRunner:
        assert self.runner is not None, "the standalone runs were never started (see needs_of)"
        return self.runner

    def close(self) -> None:
        for process in [*(p for p, _ in self.builds.values()), *self.scripts.values()]:
            process.kill()
            process.wait()
        if self.runner is not None:
            self.runner.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _build(self, name: str, root: Path, nice: tuple[str, ...]) -> None:
        site = self.folder / name / "site"
        site.parent.mkdir(parents=True, exist_ok=True)
        process = subprocess.Popen(
            [*nice, sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=(self.folder / name / "build.log").open("wb"),
        )
        self.builds[name] = (process, site)
        self._when_done(f"{name} build", process)

    def _wait(self, name: str) -> Path:
        assert name in self.builds, f"the {name} build was never started (see needs_of)"
        process, site = self.builds[name]
        if process.wait() != 0:
            log = (self.folder / name / "build.log").read_text(errors="replace")
            raise AssertionError(f"mkdocs build --strict ({name}) failed:\n{log[-5000:]}")
        return site

    def _clean_copy(self) -> Path:
        """The sources in a folder of their own, with no snippet or notebook cache: its
        build runs every chapter again, beside the first build, without sharing a file
        with it. Only the seeded model cache and the vendored scripts are shared."""
        copy = self.folder / "clean" / "guide"
        skip = shutil.ignore_patterns(".git", ".venv", ".cache", "site", "vendor", "__pycache__")
        shutil.copytree(ROOT, copy, ignore=skip)
        (copy / "vendor").symlink_to(ROOT / "vendor")
        (copy / ".cache").mkdir()
        (copy / ".cache" / "hf").symlink_to(ROOT / ".cache" / "hf")
        return copy

    def _after_site(self, fixture: str) -> None:
        """AFTER_SITE's script for `fixture` (with a Chromium of its own), from the moment
        the site is built."""
        try:
            site = self.site()
            out, log = self.folder / f"{fixture}.json", self.folder / f"{fixture}.log"
            script = ROOT / "tests" / AFTER_SITE[fixture]
            with log.open("wb") as err:
                argv = [*FIRST, sys.executable, str(script), str(site), str(out)]
                process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
                self.scripts[fixture] = process
            if process.wait() != 0:
                raise AssertionError(f"{script.name} failed:\n{log.read_text(errors='replace')[-5000:]}")
            self.script_results[fixture] = json.loads(out.read_text())
            self._finished(script.name)
        except BaseException as error:  # raised in the tests that wait for it
            self.script_errors[fixture] = error

    def _run_readers(self) -> None:
        """Each wanted chapter's copy-button code in a fresh reader kernel: the code the
        page shows (test_reader checks that it is what its copy buttons copy), so the
        runs need not wait for the site."""
        try:
            runs: dict[str, ReaderRun] = {}
            work = []
            # Longest first, by the build's record of each chapter (as the build orders
            # its own): the runs then end together instead of on one long chapter.
            cache = Cache(Settings(root=ROOT, cache_dir=ROOT / ".cache" / "snipexec"))
            chapters = [c for c in CHAPTERS if c.name in self.readers]
            for chapter in sorted(chapters, key=lambda c: -cache.expected_seconds(c)):
                blocks = shown_blocks(chapter)
                nb = nbformat.v4.new_notebook()
                nb.cells = [nbformat.v4.new_code_cell(NOT_IN_THE_REPO)]
                nb.cells += [nbformat.v4.new_code_cell(code) for _, code in blocks]
                folder = self.folder / "reader" / chapter.name
                folder.mkdir(parents=True)
                runs[chapter.name] = ReaderRun(blocks, nb, None)
                work.append((nb, folder))
            kernel = ReaderKernel(self.folder / "reader-kernel", nice=THEN)
            for run, error in zip(runs.values(), kernel.run_all(work), strict=True):
                run.error = error
            self._finished("reader runs (Jupyter)")
            plain = [
                ([NOT_IN_THE_REPO, *(code for _, code in run.blocks)], self.folder / "plain" / name)
                for name, run in runs.items()
            ]
            for run, result in zip(runs.values(), kernel.run_plain(plain), strict=True):
                run.plain, run.plain_error = result["printed"][1:], result["error"]
            self._finished("reader runs (python)")
            self.reader_runs = runs
        except BaseException as error:  # raised in the tests that wait for the runs
            self.reader_error = error


BACKGROUND = Background()


# `make test` runs every test but those marked determinism (make test-determinism).
ALL_BUT_DETERMINISM = "not determinism"


def _the_whole_suite(config: pytest.Config) -> bool:
    """`pytest` with no arguments, or as `make test` runs it: every test is selected, or
    every one but the whole-guide determinism check."""
    narrower = ("keyword", "collectonly", "lf", "deselect")  # lf: absent without the cache plugin
    return (
        config.args_source == pytest.Config.ArgsSource.TESTPATHS
        and config.option.markexpr in ("", ALL_BUT_DETERMINISM)
        and not any(getattr(config.option, name, None) for name in narrower)
    )


def pytest_sessionstart(session: pytest.Session) -> None:
    if _the_whole_suite(session.config):  # before collection, which takes a minute
        BACKGROUND.start(Needs.everything(clean_rebuild=session.config.option.markexpr == ""))


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by the marks added here
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test's fixtures mark it `slow` (it waits for the whole site) and `browser` (it
    drives Chromium), so `make test-fast` leaves out every such test, marked by hand or
    not. Tests that wait for background work run after the others, those whose work is
    done soonest first: the build, the standalone runs, the reader runs (which start
    when the build is done, at a higher priority than the rebuild), the rebuild."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & {"built_site", "clean_rebuild", "tour", "audit_results"}:
            item.add_marker(pytest.mark.slow)
        if names & {"browser", "tour", "audit_results"}:
            item.add_marker(pytest.mark.browser)

    def waits_for(item: pytest.Item) -> int:
        names = getattr(item, "fixturenames", ())
        return max([0] + [rank for fixture, rank in WAIT_ORDER.items() if fixture in names])

    items.sort(key=waits_for)  # stable: file order within each rank


WAIT_ORDER = {
    "built_site": 1,
    "standalone": 2,
    "tour": 3,
    "audit_results": 4,
    "reader_runs": 5,
    "clean_rebuild": 6,
}


def pytest_collection_finish(session: pytest.Session) -> None:
    BACKGROUND.start(needs_of(session.items))  # what a narrower run (-k, a file) needs


def pytest_sessionfinish() -> None:
    BACKGROUND.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if BACKGROUND.timeline:
        done = sorted(BACKGROUND.timeline.items(), key=lambda kv: kv[1])
        terminalreporter.write_line(
            "background work finished, in seconds after the session began: "
            + ", ".join(f"{name} {seconds:.0f}" for name, seconds in done)
        )


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The real guide, built once per test session with `mkdocs build --strict`."""
    return BACKGROUND.site()


@pytest.fixture(scope="session")
def clean_rebuild() -> Path:
    return BACKGROUND.clean_rebuild()


@pytest.fixture(scope="session")
def reader_runs(built_site: Path) -> dict[str, ReaderRun]:
    """Each chapter's copied code, run once in a fresh reader kernel (two at a time) and
    shared by the reader test and the notebook test: a notebook's code is the copied code."""
    return BACKGROUND.reader()


@pytest.fixture(scope="session")
def audit_results() -> dict:
    """The accessibility audit of every page (tests/test_accessibility.py), run once."""
    return BACKGROUND.after_site("audit_results")


@pytest.fixture(scope="session")
def standalone() -> StandaloneRunner:
    """Every snippet file the session's tests ask for, queued at once, two run side by
    side (tests/standalone.py); ``standalone.result(module)`` waits for one."""
    return BACKGROUND.standalone()


# --- the browser tests' shared pieces (tests/tour.py) ----------------------------------


@pytest.fixture(scope="session")
def browser():  # -> Iterator[playwright Browser]: one Chromium for every browser test
    from tour import CHROMIUM, chromium

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (Debian's chromium package)")
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def base_url(built_site: Path):  # -> Iterator[str]
    """The built guide, served on a local port."""
    from tour import serving

    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def tour():  # -> tour.Walked
    """Every page of the guide, visited once per window width (tests/tour.py, in the
    background) and shared by the tests that check every page."""
    from tour import Walked

    return Walked(BACKGROUND.after_site("tour"))
