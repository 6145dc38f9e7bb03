"""What a reader copies runs anywhere: every chapter's copy-button code, outside the repository.

For each chapter, the code blocks of the page (exactly what Material's copy buttons copy
on the built page, ``conftest.copied_blocks``), in page order, run in one fresh kernel in an empty
folder (``conftest.reader_runs``: once per session, shared with the notebook test), with this repository
out of reach and only the seeded Hugging Face cache standing in for the internet
(``ReaderKernel`` in conftest.py). What they print must be what the page shows.

The kernels load the chat model with the build's GGUF speed-ups (scripts/gguf_speedups.py),
the file parsed before they fork, in a tenth of the time: tests/test_hub_cache.py shows
that such a load gives the tokenizer, config and tensors of a load without them, so this
still speaks for a reader at home, who has no such module.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup, Tag
from conftest import CHAPTERS, ReaderRun, copied_blocks, page_html

from snipexec.render import tidy_table

pytestmark = pytest.mark.slow


def shown_outputs(page: BeautifulSoup) -> list[tuple[str, str]]:
    """("text", ...) for each text output and ("table", ...) for each table, in page order."""
    found = []
    for el in page.select("article .snippet-output, article .snippet-table"):
        if "snippet-table" in el.get("class", []):
            found.append(("table", _words(el)))
        else:
            found.append(("text", el.select_one("code").get_text().strip()))
    return found


def kernel_outputs(cell: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """The same, from an executed cell: stdout (consecutive prints joined), plain-text
    results, and DataFrames' HTML tables. Markdown (math) and figures are not text."""
    found: list[tuple[str, str]] = []
    stdout = ""
    for out in cell.outputs:
        if out.output_type == "stream" and out.name == "stdout":
            stdout += out.text
            continue
        if stdout:
            found.append(("text", stdout.strip()))
            stdout = ""
        data = out.get("data", {})
        if "text/html" in data:
            # as the page renders it (snipexec.render.tidy_table), the words in the same order
            found.append(("table", _words(BeautifulSoup(tidy_table(data["text/html"]), "html.parser"))))
        elif set(data) == {"text/plain"}:
            found.append(("text", data["text/plain"].strip()))
    if stdout:
        found.append(("text", stdout.strip()))
    return found


def _words(el: Tag | BeautifulSoup) -> str:
    for style in el.find_all("style"):
        style.decompose()
    return re.sub(r"\s+", " ", el.get_text()).strip()


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.name for c in CHAPTERS])
def test_copied_code_prints_what_the_page_shows(
    built_site: Path, chapter, reader_runs: dict[str, ReaderRun]
) -> None:
    page = BeautifulSoup(page_html(built_site, chapter), "html.parser")
    run = reader_runs[chapter.name]  # executed once per session (conftest.reader_runs)
    shown = [s for s in chapter.snippets if s.option("code", "show") != "hide"]
    # What ran is what the copy buttons copy, block for block (conftest.shown_blocks).
    assert copied_blocks(page) == run.blocks
    if run.error is not None:
        raise run.error

    printed = [
        output
        for cell, snippet in zip(run.nb.cells[1:], shown, strict=True)
        if snippet.option("output", "text") != "hide"
        for output in kernel_outputs(cell)
    ]
    assert printed == shown_outputs(page)


def plain_text(cell: nbformat.NotebookNode) -> tuple[str, bool]:
    """What a cell's outputs say in plain ``python``, and whether a table follows: what it
    printed, and the plain-text form of each result and displayed object (math and
    widgets carry one; a figure shows nothing there, plt.show() draws nothing). A table
    ends the text: a DataFrame's plain form depends on the terminal's width (pandas fits
    it to the terminal), so only what comes before it can be compared."""
    parts = []
    for out in cell.outputs:
        if out.output_type == "stream" and out.name == "stdout":
            parts.append(out.text)
        elif out.output_type in ("execute_result", "display_data"):
            if "text/html" in out.data:
                return "".join(parts), True
            widget = any(mime.startswith("application/vnd.") for mime in out.data)
            if widget or not any(mime.startswith("image/") for mime in out.data):
                parts.append(out.data["text/plain"] + "\n")
    return "".join(parts), False


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.name for c in CHAPTERS])
def test_copied_code_pasted_into_plain_python_prints_what_the_page_shows(
    built_site: Path, chapter, reader_runs: dict[str, ReaderRun]
) -> None:
    """The home page says: paste the blocks into `python`. Block by block, each as one
    cell, plain Python's interactive console without IPython (tests/plain_python.py)
    prints what the reader's Jupyter kernel printed, which the test above holds to the
    page: the same text, and math or a widget as its plain-text form, never
    ``<IPython.core.display.Markdown object>``."""
    run = reader_runs[chapter.name]
    assert run.plain_error is None, f"{chapter.name}: pasted into python, a block fails:\n{run.plain_error}"
    shown = [s for s in chapter.snippets if s.option("code", "show") != "hide"]
    for (title, _), cell, snippet, printed in zip(
        run.blocks, run.nb.cells[1:], shown, run.plain, strict=True
    ):
        if snippet.option("output", "text") == "hide":
            continue
        expected, then_a_table = plain_text(cell)
        same = printed.startswith(expected) if then_a_table else printed.rstrip() == expected.rstrip()
        assert same, f"{chapter.name}: {title} prints differently in python"


def test_plain_python_gives_each_run_a_fresh_namespace_beside_its_preloaded_libraries(tmp_path: Path):
    """tests/plain_python.py forks its runs from a process that has imported the libraries
    the blocks import: a run still sees no name it did not define or import itself."""
    import json
    import subprocess
    import sys

    from conftest import ROOT

    jobs = []
    for name, blocks in {
        "first": ["import json\nx = 1", "print(json.dumps({'x': x}))"],
        "second": ["print(json.dumps([x]))"],  # neither json nor x exists here
    }.items():
        (tmp_path / name).mkdir()
        jobs.append({"blocks": blocks, "cwd": str(tmp_path / name), "result": str(tmp_path / f"{name}.json")})
    (tmp_path / "jobs.json").write_text(json.dumps(jobs))
    runner = ROOT / "tests" / "plain_python.py"
    subprocess.run([sys.executable, str(runner), str(tmp_path / "jobs.json")], check=True, cwd=tmp_path)
    first, second = (json.loads((tmp_path / f"{n}.json").read_text()) for n in ("first", "second"))
    assert first == {"printed": ["", '{"x": 1}\n'], "error": None}
    assert second["printed"] == [""] and "NameError: name 'json' is not defined" in second["error"]


def test_reader_kernels_forked_from_the_zygote_are_fresh_and_end_with_their_run(tmp_path: Path):
    """Reader kernels fork from one process that has imported the blocks' libraries
    (tests/kernel_zygote.py): each still starts with a namespace of its own, in its own
    empty folder, and no kernel outlives the runs."""
    import subprocess

    from conftest import ReaderKernel

    kernel = ReaderKernel(tmp_path / "reader")
    work = []
    codes = {
        # `wave` is imported by a later cell only (nothing of Jupyter imports it): preloaded.
        # And the chat model's GGUF file was parsed before the fork (one file mapped).
        "first": [
            "import sys\nprint('wave' in sys.modules, len(sys.modules['gguf_speedups']._maps))",
            "import json, wave\nx = 1\nprint(x)",
            # preloaded too, and still drawn inline as in a fresh kernel (ipykernel's backend)
            "import matplotlib.pyplot as plt\nplt.plot([0, 1])\nplt.show()",
        ],
        "second": ["print(json.dumps(x))"],
    }
    for name, cells in codes.items():
        (tmp_path / name).mkdir()
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in cells])
        work.append((nb, tmp_path / name))
    first, second = kernel.run_all(work)
    assert first is None
    printed, defined, drawn = work[0][0].cells
    assert [printed.outputs[0].text, defined.outputs[0].text] == ["True 1\n", "1\n"]
    assert [o.output_type for o in drawn.outputs] == ["display_data"] and "image/png" in drawn.outputs[0].data
    assert "NameError" in str(second), second
    left = subprocess.run(["pgrep", "-f", str(kernel.zygote)], capture_output=True, text=True).stdout
    assert not left, f"processes of the zygote outlived the runs: {left}"


def test_the_kernel_zygote_ends_with_the_process_that_started_it(tmp_path: Path):
    """An interrupted test run must not leave the zygote (in a session of its own) running."""
    import subprocess
    import sys
    import time

    from conftest import ROOT

    socket, pid_file = tmp_path / "zygote.socket", tmp_path / "zygote.pid"
    starter = (  # starts the zygote as ReaderKernel.run_all does, then waits to be killed
        "import subprocess, sys, time\n"
        f"z = subprocess.Popen([sys.executable, {str(ROOT / 'tests' / 'kernel_zygote.py')!r}, 'serve', "
        f"{str(socket)!r}, ''], start_new_session=True)\n"
        f"open({str(pid_file)!r}, 'w').write(str(z.pid))\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", starter])
    deadline = time.monotonic() + 60
    while not socket.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert socket.exists(), "the zygote did not start"
    zygote = int(pid_file.read_text())
    parent.kill()
    parent.wait()
    while Path(f"/proc/{zygote}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    proc = Path(f"/proc/{zygote}/stat")
    state = proc.read_text().split()[2] if proc.exists() else "gone"
    assert state in ("gone", "Z"), f"the zygote outlived its starter (state {state})"
