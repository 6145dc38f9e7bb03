"""Execute: run each chapter's snippets in one Jupyter kernel, in page order, with a cache.

In:  :class:`~snipexec.collect.Chapter` objects and :class:`Settings`.
Out: one :class:`ChapterRun` per chapter: the executed notebook (one code cell per
     snippet, outputs attached) or the :class:`~snipexec.errors.ExecutionError` that
     stopped it.

Libraries do the work: nbformat builds the notebook, nbclient runs it with per-cell
timeouts, jupyter-cache stores executed notebooks keyed on every code cell of the
chapter, so one changed snippet re-runs its chapter and nothing else. The cache folder
is named after the versions of the libraries that shape outputs (see `fingerprint`), so
upgrading torch or transformers starts from an empty cache. Chapters run concurrently:
each kernel is its own process, driven from one asyncio loop.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbformat import NotebookNode

from snipexec.collect import Chapter, Snippet
from snipexec.errors import ExecutionError

# Libraries whose version can change what a snippet prints or draws.
OUTPUT_SHAPING_PACKAGES = ("torch", "transformers", "tokenizers", "numpy", "matplotlib", "pandas")

# IPython kernel settings that make figures SVG and byte-identical between builds:
# no date in the SVG metadata, fixed salt for the ids matplotlib generates.
KERNEL_CONFIG = """\
c.InlineBackend.figure_formats = {"svg"}
c.InlineBackend.print_figure_kwargs = {"bbox_inches": "tight", "metadata": {"Date": None}}
c.InlineBackend.rc = {"svg.hashsalt": "the-tested-transformer", "figure.dpi": 100}
"""

# Kernel environment that decides outputs (part of the cache fingerprint). One thread:
# chapters already run side by side, and float sums come out the same in every build
# only when the thread count is fixed.
FIXED_ENV = {
    "PYTHONHASHSEED": "0",
    "SOURCE_DATE_EPOCH": "0",
    "HF_HUB_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class Settings:
    """Where things are and the limits a run obeys."""

    root: Path  # project root: the kernel's working directory, holds the snippets package
    cache_dir: Path  # executed notebooks live below it; delete it to start afresh
    timeout: int = 900  # seconds a single snippet may run
    max_output_lines: int = 200  # longer stream output is cut, with a visible note
    max_output_chars: int = 20_000
    jobs: int = os.cpu_count() or 1  # chapters executed at once
    use_cache: bool = True
    # Extra kernel environment from the project's configuration (mkdocs.yml, snipexec's
    # `env:`), e.g. HF_HOME; "{root}" in a value stands for the project root.
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class ChapterRun:
    """The outcome of one chapter: its notebook, or the error that stopped it."""

    chapter: Chapter
    notebook: NotebookNode
    error: ExecutionError | None = None
    from_cache: bool = False


def fingerprint(root: Path) -> str:
    """Short hash of what, besides the snippets themselves, decides a chapter's outputs.

    Python and library versions, the kernel settings and environment above, and the
    shared helper modules at the top of the snippets package (``snippets/*.py``) that
    chapter code may import.
    """
    parts = [sys.version, KERNEL_CONFIG, repr(sorted(FIXED_ENV.items()))]
    for name in OUTPUT_SHAPING_PACKAGES:
        try:
            parts.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} absent")
    for helper in sorted((root / "snippets").glob("*.py")):
        parts.append(helper.name + helper.read_text(encoding="utf-8"))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def build_notebook(chapter: Chapter, timeout: int) -> NotebookNode:
    """One code cell per snippet, in page order, with stable ids (for identical builds)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for index, snippet in enumerate(chapter.snippets):
        cell = nbformat.v4.new_code_cell(
            snippet.code.rstrip("\n"),
            metadata={"snippet": snippet.display_path, "timeout": snippet.options.get("timeout", timeout)},
        )
        cell["id"] = f"snippet-{index}"
        nb.cells.append(cell)
    return nb


def run_chapters(chapters: list[Chapter], settings: Settings) -> list[ChapterRun]:
    """Run (or fetch from cache) every chapter; results come back in the given order."""
    cache = get_cache(settings.cache_dir / fingerprint(settings.root))
    runs: list[ChapterRun | None] = [None] * len(chapters)
    pending: list[tuple[int, NotebookNode]] = []
    for i, chapter in enumerate(chapters):
        nb = build_notebook(chapter, settings.timeout)
        if settings.use_cache and chapter.snippets:
            try:
                _, merged = cache.merge_match_into_notebook(nb)
            except KeyError:
                pass
            else:
                runs[i] = ChapterRun(chapter, merged, from_cache=True)
                continue
        if not chapter.snippets:
            runs[i] = ChapterRun(chapter, nb, from_cache=True)
            continue
        pending.append((i, nb))

    if pending:
        executed = asyncio.run(_execute_all([(chapters[i], nb) for i, nb in pending], settings))
        for (i, _), run in zip(pending, executed, strict=True):
            runs[i] = run
            if run.error is None:
                cache.cache_notebook_bundle(
                    CacheBundleIn(run.notebook, uri=str(run.chapter.page)),
                    check_validity=False,
                    overwrite=True,
                )
    return [run for run in runs if run is not None]


async def _execute_all(work: list[tuple[Chapter, NotebookNode]], settings: Settings) -> list[ChapterRun]:
    gate = asyncio.Semaphore(max(1, settings.jobs))

    async def one(chapter: Chapter, nb: NotebookNode) -> ChapterRun:
        async with gate:
            return await _execute(chapter, nb, settings)

    return list(await asyncio.gather(*(one(c, nb) for c, nb in work)))


def kernel_env(settings: Settings) -> dict[str, str]:
    """Environment of a chapter's kernel: reproducible, offline, able to import `snippets`."""
    ipython_dir = settings.cache_dir / "ipython"
    profile = ipython_dir / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    config = profile / "ipython_kernel_config.py"
    if not config.exists() or config.read_text() != KERNEL_CONFIG:
        config.write_text(KERNEL_CONFIG)
    env = dict(os.environ)
    env.update(
        FIXED_ENV,
        IPYTHONDIR=str(ipython_dir),
        PYTHONPATH=os.pathsep.join(filter(None, [str(settings.root), env.get("PYTHONPATH")])),
    )
    env.update({k: v.replace("{root}", str(settings.root)) for k, v in settings.env.items()})
    env.pop("MPLBACKEND", None)  # let the kernel pick its inline backend
    return env


async def _execute(chapter: Chapter, nb: NotebookNode, settings: Settings) -> ChapterRun:
    current = {"index": 0}

    def on_cell_execute(cell: NotebookNode, cell_index: int) -> None:
        current["index"] = cell_index

    client = NotebookClient(
        nb,
        # The kernel's own warnings (e.g. that loopback TCP is unencrypted) are not the
        # contributor's business; a snippet's errors still come back as cell outputs.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        timeout_func=lambda cell: cell.metadata.get("timeout", settings.timeout),
        kernel_name="python3",
        allow_errors=False,
        record_timing=False,  # timings in cell metadata would change the cache key
        resources={"metadata": {"path": str(settings.root)}},
        on_cell_execute=on_cell_execute,
    )
    error: ExecutionError | None = None
    try:
        await client.async_execute(env=kernel_env(settings))
    except CellTimeoutError:
        snippet = chapter.snippets[current["index"]]
        limit = nb.cells[current["index"]].metadata["timeout"]
        error = _error(
            chapter,
            snippet,
            snippet.first_line,
            f"timed out after {limit} s and was stopped "
            "(raise the limit with `timeout=` on its !snippet line, or `timeout:` in mkdocs.yml)",
        )
    except DeadKernelError as exc:
        snippet = chapter.snippets[current["index"]]
        error = _error(
            chapter, snippet, snippet.first_line, f"the Python kernel died while running it ({exc})"
        )
    except CellExecutionError:
        index = current["index"]
        error = _raised(chapter, chapter.snippets[index], nb.cells[index])
    for cell in nb.cells:
        outputs = _coalesce_streams(cell.get("outputs", []))
        cell.outputs = [_truncate(output, settings) for output in outputs]
    return ChapterRun(chapter, nb, error)


def _error(chapter: Chapter, snippet: Snippet, line: int, message: str) -> ExecutionError:
    return ExecutionError(chapter.page, snippet.page_line, snippet.file, line, message)


def _raised(chapter: Chapter, snippet: Snippet, cell: NotebookNode) -> ExecutionError:
    """Turn the error output of a cell into an error naming the snippet file's line."""
    out = next((o for o in cell.outputs if o.output_type == "error"), None)
    if out is None:
        return _error(chapter, snippet, snippet.first_line, "raised an error")
    traceback = ANSI.sub("", "\n".join(out.traceback))
    # IPython names cell frames "Cell In[<execution count>], line <n>"; the last one is deepest.
    frames = re.findall(rf"Cell In\[{cell.execution_count}\], line (\d+)", traceback)
    line = snippet.first_line + int(frames[-1]) - 1 if frames else snippet.first_line
    return _error(chapter, snippet, line, f"{out.ename}: {out.evalue}\n{traceback}")


def _coalesce_streams(outputs: list[NotebookNode]) -> list[NotebookNode]:
    """Join adjacent stdout (or stderr) chunks: where the kernel split a stream depends on
    timing, and the page must not change with it."""
    merged: list[NotebookNode] = []
    for output in outputs:
        last = merged[-1] if merged else None
        if (
            last is not None
            and output.output_type == last.output_type == "stream"
            and output.name == last.name
        ):
            last.text += output.text
        else:
            merged.append(output)
    return merged


def _truncate(output: NotebookNode, settings: Settings) -> NotebookNode:
    """Cut long stream output so pages stay readable; say so in the output itself."""
    if output.output_type != "stream":
        return output
    text: str = output.text
    lines = text.splitlines(keepends=True)
    if len(lines) <= settings.max_output_lines and len(text) <= settings.max_output_chars:
        return output
    kept = "".join(lines[: settings.max_output_lines])[: settings.max_output_chars]
    dropped = len(text) - len(kept)
    output.text = kept.rstrip("\n") + f"\n… output truncated: {dropped:,} more characters not shown …\n"
    return output
