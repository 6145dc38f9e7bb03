"""Shared fixtures: the project root, and a way to build throwaway sites."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from snipexec.collect import Chapter, collect_chapter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the snippets package of this checkout, not another one
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Hub ids resolve from the seeded offline cache, as in the build (mkdocs.yml `env:`); set
# before anything imports huggingface_hub, which reads it once. Re-seeded here too, so an
# edited model config is what the tests load.
os.environ.setdefault("HF_HOME", str(ROOT / ".cache" / "hf"))
from scripts import gguf_speedups  # noqa: E402
from scripts.hub_cache import seed  # noqa: E402 - after HF_HOME is set

seed(ROOT)
# Tests that load the chat model load it as the build's kernels do: same tensors, half
# the time (tests/test_hub_cache.py compares a load with and without this).
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
  - pymdownx.superfences
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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real guide, built once per test session with `mkdocs build --strict`."""
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr[-5000:]}"
    return site


class ReaderKernel:
    """Fresh Jupyter kernels as a reader at home has them: the guide's libraries installed,
    this repository nowhere (not on sys.path, not installed), and only the seeded cache
    standing in for the internet (HF_HOME=<repo>/.cache/hf, HF_HUB_OFFLINE=1).

    The kernel's Python is a throwaway virtual environment whose one ``.pth`` line points
    at the project venv's site-packages. A path added that way gets no ``.pth`` processing
    of its own, so the editable install of this project (a ``.pth`` import hook) is not
    active either: ``import snippets`` fails there, whatever pyproject.toml installs.
    """

    NAME = "tt-reader"

    def __init__(self, folder: Path) -> None:
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
        (Path(purelib) / "libraries-of-the-guide.pth").write_text("\n".join(libraries) + "\n")
        spec = folder / "kernels" / self.NAME
        spec.mkdir(parents=True)
        argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        (spec / "kernel.json").write_text(
            json.dumps({"argv": argv, "display_name": "reader", "language": "python"})
        )
        self.kernels = folder / "kernels"
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
        import asyncio

        async def all_of_them() -> list[BaseException | None]:
            gate = asyncio.Semaphore(jobs)

            async def one(nb: nbformat.NotebookNode, cwd: Path) -> BaseException | None:
                async with gate:
                    try:
                        await self._client(nb, cwd, 900).async_execute(env=self.env)
                    except Exception as error:  # reported by the test of that chapter
                        return error
                    return None

            return list(await asyncio.gather(*(one(nb, cwd) for nb, cwd in work)))

        return asyncio.run(all_of_them())

    def _client(self, nb: nbformat.NotebookNode, cwd: Path, timeout: int):  # -> NotebookClient
        from jupyter_client.kernelspec import KernelSpecManager
        from jupyter_client.manager import AsyncKernelManager
        from nbclient import NotebookClient

        km = AsyncKernelManager(kernel_name=self.NAME)
        km.kernel_spec_manager = KernelSpecManager(kernel_dirs=[str(self.kernels)])
        return NotebookClient(
            nb,
            km=km,
            timeout=timeout,
            allow_errors=False,
            shutdown_kernel="immediate",  # as the build's: no 1 s wait for a graceful exit
            resources={"metadata": {"path": str(cwd)}},
        )


# First cell of every reader run: the proof that the repository is out of reach.
NOT_IN_THE_REPO = """\
import os, sys
try:
    import snippets
except ModuleNotFoundError:
    pass
else:
    raise AssertionError(f"the repository is importable: {snippets.__path__}")
assert not os.listdir("."), "the kernel runs in an empty folder"
"""


@pytest.fixture(scope="session")
def reader_kernel(tmp_path_factory: pytest.TempPathFactory) -> ReaderKernel:
    return ReaderKernel(tmp_path_factory.mktemp("reader"))


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


@pytest.fixture(scope="session")
def reader_runs(
    request: pytest.FixtureRequest,
    built_site: Path,
    reader_kernel: ReaderKernel,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, ReaderRun]:
    """The copied code of every chapter this session's tests ask for (``-k bugs``: one),
    run once (two kernels at a time) and shared by the reader test and the notebook
    test: a notebook's code is the copied code."""
    wanted = {
        item.callspec.params["chapter"].name
        for item in request.session.items
        if "reader_runs" in getattr(item, "fixturenames", ()) and hasattr(item, "callspec")
    }
    runs: dict[str, ReaderRun] = {}
    work = []
    for chapter in (c for c in CHAPTERS if c.name in wanted):
        blocks = copied_blocks(BeautifulSoup(page_html(built_site, chapter), "html.parser"))
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(NOT_IN_THE_REPO)]
        nb.cells += [nbformat.v4.new_code_cell(code) for _, code in blocks]
        folder = tmp_path_factory.mktemp(f"reader-{chapter.name}")
        runs[chapter.name] = ReaderRun(blocks, nb, None)
        work.append((nb, folder))
    for run, error in zip(runs.values(), reader_kernel.run_all(work), strict=True):
        run.error = error
    return runs
