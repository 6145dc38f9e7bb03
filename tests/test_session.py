"""Serve's sessions (snipexec.session): a chapter resumed at an edited snippet shows
exactly what a run from the top shows, and a session shows what a build's kernel shows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Project, run_async

from snipexec.collect import collect_chapter
from snipexec.execute import Cache, ChapterRun, Settings, build_notebook, run_chapters
from snipexec.session import Sessions

# One of each kind of output: stdout, stderr, a rich display, a figure (and its dark
# render), a last-expression result, and state that later snippets read.
SNIPPETS = {
    "ch/one.py": "import random\n\nrandom.seed(0)\n"
    "xs = [round(random.random(), 6) for _ in range(3)]\nprint(xs)\n",
    "ch/two.py": "from pathlib import Path\n\nn = int(Path('data/n.txt').read_text())\n"
    "from IPython.display import HTML, display\n\ndisplay(HTML(f'<b>n = {n}</b>'))\n",
    "ch/three.py": "import matplotlib.pyplot as plt\n\n"
    "plt.plot(xs)\nplt.title('xs')\nplt.show()\nsum(xs) * n\n",
    "ch/four.py": "import sys\n\nprint('to stderr', file=sys.stderr)\n"
    "print('total', round(sum(xs) * n, 6))\n",
}
COUNTING = "with open({log!r}, 'a') as f:\n    f.write('run\\n')\n"


def _chapter_project(project: Project, log: Path) -> Path:
    """The chapter above; its first snippet also appends to `log`, to count its runs."""
    (project.path / "data").mkdir()
    (project.path / "data" / "n.txt").write_text("3\n")
    for rel, code in SNIPPETS.items():
        counting = (
            f"with open({str(log)!r}, 'a') as f:\n    f.write('run\\n')\n" if rel == "ch/one.py" else ""
        )
        project.snippet(rel, counting + code)
    lines = "\n\n".join(f"!snippet {rel}" for rel in SNIPPETS)
    return project.page("index.md", f"# Home\n\n{lines}\n")


class Runner:
    """Runs the page's chapter in a session, or from the top in a kernel as a build does."""

    def __init__(self, project: Project, tmp_path: Path) -> None:
        self.root = project.path
        self.settings = Settings(root=self.root, cache_dir=tmp_path / "cache", timeout=30)
        self.sessions = Sessions(keep=2)

    def chapter(self):  # type: ignore[no-untyped-def]
        page = self.root / "docs" / "index.md"
        return collect_chapter(page, page.read_text(), self.root / "snippets")

    def session(self) -> ChapterRun:
        cache = Cache(self.settings)
        chapter = self.chapter()
        nb = build_notebook(chapter, 30)
        return run_async(
            self.sessions.run("docs/index.md", chapter, nb, self.settings, cache.machine, cache.hashes)
        )

    def kernel(self) -> ChapterRun:
        fresh = Settings(root=self.root, cache_dir=self.settings.cache_dir, timeout=30, use_cache=False)
        return run_chapters([self.chapter()], fresh)[0]


def outputs(run: ChapterRun) -> list[list[dict]]:
    """What the page and the notebook show of each cell: all but stderr, whose place
    among the other outputs depends on when a kernel flushed it."""
    return [
        [dict(o) for o in cell.get("outputs", []) if o.get("name") != "stderr"] for cell in run.notebook.cells
    ]


def stderr(run: ChapterRun) -> list[str]:
    return [
        "".join(o.text for o in cell.get("outputs", []) if o.get("name") == "stderr")
        for cell in run.notebook.cells
    ]


@pytest.fixture
def runner(project: Project, tmp_path: Path):  # type: ignore[no-untyped-def]
    runner = Runner(project, tmp_path)
    yield runner
    runner.sessions.close()


def test_a_session_shows_what_a_build_kernel_shows(project, tmp_path, runner):
    _chapter_project(project, tmp_path / "runs.log")
    in_session, in_kernel = runner.session(), runner.kernel()
    assert in_session.error is None and in_kernel.error is None
    assert outputs(in_session) == outputs(in_kernel)
    assert stderr(in_session) == stderr(in_kernel) == ["", "", "", "to stderr\n"]
    kinds = [o["output_type"] for cell in outputs(in_session) for o in cell]
    assert kinds.count("stream") == 2 and "execute_result" in kinds and kinds.count("display_data") == 2
    figure = next(o for o in outputs(in_session)[2] if o["output_type"] == "display_data")
    assert {"image/svg+xml", "image/vnd.snipexec.dark+svg+xml"} <= set(figure["data"])


def test_an_edit_resumes_at_its_snippet_and_shows_what_a_full_run_shows(project, tmp_path, runner):
    log = tmp_path / "runs.log"
    _chapter_project(project, log)
    assert runner.session().error is None
    project.snippet("ch/three.py", SNIPPETS["ch/three.py"].replace("'xs'", "'edited'"))

    resumed = runner.session()
    assert log.read_text().count("run") == 1, "snippets before the edit did not run again"
    assert "resumed from the session's copy after snippet 2" in resumed.reasons
    assert "edited" in outputs(resumed)[2][0]["data"]["image/svg+xml"]
    from_the_top = Runner(project, tmp_path / "other")
    try:
        assert outputs(resumed) == outputs(from_the_top.session()) == outputs(runner.kernel())
    finally:
        from_the_top.sessions.close()

    again = runner.session()
    assert again.from_cache and outputs(again) == outputs(resumed), "nothing changed: nothing runs"


def test_a_changed_file_that_was_read_starts_the_session_over(project, tmp_path, runner):
    log = tmp_path / "runs.log"
    _chapter_project(project, log)
    assert runner.session().error is None
    (project.path / "data" / "n.txt").write_text("5\n")
    run = runner.session()
    assert any("data/n.txt" in reason for reason in run.reasons)
    assert log.read_text().count("run") == 2, "the chapter ran from the top"
    assert "<b>n = 5</b>" in outputs(run)[1][0]["data"]["text/html"]
    assert outputs(run) == outputs(runner.kernel())


def test_a_failing_snippet_names_its_line_and_resumes_once_fixed(project, tmp_path, runner):
    log = tmp_path / "runs.log"
    _chapter_project(project, log)
    project.snippet("ch/four.py", "total = sum(xs) * n\n\ntotal / 0\n")
    failed = runner.session()
    assert failed.error is not None
    assert failed.error.file.name == "four.py" and failed.error.line == 3
    assert "ZeroDivisionError" in str(failed.error)

    project.snippet("ch/four.py", SNIPPETS["ch/four.py"])
    fixed = runner.session()
    assert fixed.error is None and log.read_text().count("run") == 1
    assert outputs(fixed) == outputs(runner.kernel())


def test_a_hanging_snippet_times_out_and_the_session_goes_on(project, tmp_path, runner):
    project.snippet("ch/one.py", "x = 1\n")
    project.snippet("ch/hang.py", "import time\n\ntime.sleep(600)\n")
    project.page("index.md", "# Home\n\n!snippet ch/one.py\n\n!snippet ch/hang.py timeout=2\n")
    run = runner.session()
    assert run.error is not None and "timed out after 2 s" in str(run.error)
    project.snippet("ch/hang.py", "print(x + 1)\n")
    assert outputs(runner.session())[1] == [{"output_type": "stream", "name": "stdout", "text": "2\n"}]


def test_a_lost_copy_is_replaced_by_a_run_from_the_top(project, tmp_path, runner):
    import os
    import signal

    log = tmp_path / "runs.log"
    _chapter_project(project, log)
    assert runner.session().error is None
    os.kill(runner.sessions.chains["docs/index.md"].copies[3].pid, signal.SIGKILL)  # say, out of memory
    project.snippet("ch/four.py", SNIPPETS["ch/four.py"] + "print('after the loss')\n")
    run = runner.session()
    assert run.error is None and "the session was lost" in run.reasons
    assert log.read_text().count("run") == 2
    assert outputs(run) == outputs(runner.kernel())


# The session's zygote is the one `python -c` of these tests: killed as it starts.
ZYGOTE_KILLER = """\
import os, sys
if sys.argv == ["-c"]:
    n = len(open({count!r}).read()) if os.path.exists({count!r}) else 0
    open({count!r}, "a").write("x")
    if n < {times}:
        os._exit(3)
"""


@pytest.mark.parametrize("times", [1, 99])
def test_a_zygote_that_dies_at_start_is_started_again_or_named_on_the_page(
    project, tmp_path, runner, monkeypatch, times
):
    """As a build's kernel: one more start, and if that fails too, the page's error names
    the page and the snippet; the server goes on."""
    site, count = tmp_path / "site-dir", tmp_path / "zygote-starts"
    site.mkdir()
    (site / "sitecustomize.py").write_text(ZYGOTE_KILLER.format(count=str(count), times=times))
    monkeypatch.setenv("PYTHONPATH", str(site))
    project.snippet("ch/one.py", "print('from a zygote that started')\n")
    project.page("index.md", "# Home\n\n!snippet ch/one.py\n")
    run = runner.session()
    assert count.read_text() == "xx"
    if times == 1:
        assert run.error is None and "the session was lost" in run.reasons
        assert outputs(run)[0][0]["text"] == "from a zygote that started\n"
    else:
        assert run.error is not None and run.error.file.name == "one.py" and run.error.line == 1
        assert "could not run: the Python kernel did not start (" in str(run.error)


def test_sessions_keep_only_the_chapters_run_last(runner):
    assert runner.sessions.reserve(["a.md", "b.md"])
    assert runner.sessions.reserve(["c.md"])
    assert list(runner.sessions.chains) == ["b.md", "c.md"]
    assert not runner.sessions.reserve(["d.md", "e.md", "f.md"]), "more than it keeps: from the top"


@pytest.mark.slow
@pytest.mark.parametrize("page", ["positions", "chatbot"])
def test_a_guide_chapter_in_a_session_shows_what_the_build_shows(built_site, page):
    """Figures (positions) and a real model (chatbot), against the build's cached run."""
    from mkdocs.config import load_config

    plugin = load_config(str(ROOT / "mkdocs.yml")).plugins["snipexec"].config
    cache_dir = ROOT / ".cache" / "snipexec"
    settings = Settings(root=ROOT, cache_dir=cache_dir, env=plugin.env, kernel_setup=plugin.kernel_setup)
    path = ROOT / "docs" / f"{page}.md"
    chapter = collect_chapter(path, path.read_text(), ROOT / "snippets")
    cache = Cache(settings)
    built = cache.check(chapter)
    assert built.fresh, built.reasons
    sessions = Sessions()
    try:
        nb = build_notebook(chapter, settings.timeout)
        run = run_async(sessions.run(f"docs/{page}.md", chapter, nb, settings, cache.machine, cache.hashes))
    finally:
        sessions.close()

    assert run.error is None
    # (stderr, on no page, holds progress bars whose rates differ from run to run)
    assert outputs(run) == outputs(ChapterRun(chapter, built.notebook))


def test_serve_resumes_an_edited_chapter_and_rebuilds_its_page(project, tmp_path):
    from test_machinery import _free_port, _get, _wait_for

    log = tmp_path / "runs.log"
    _chapter_project(project, log)
    port = _free_port()
    serve_log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project.path,
        stdout=serve_log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        assert _wait_for(lambda: "total" in _get(url), 120)
        for edit in ("first edit", "second edit"):
            project.snippet("ch/four.py", SNIPPETS["ch/four.py"] + f"print({edit!r})\n")
            assert _wait_for(lambda edit=edit: edit in _get(url), 120), f"{edit} reached the page"
        text = (tmp_path / "serve.log").read_text()
        assert "resumed from the session's copy after snippet 3" in text
        # The server's first build ran the chapter (from the top, cached); the first edit
        # started its session (from the top); the second resumed it.
        assert log.read_text().count("run") == 2
    finally:
        server.terminate()
        server.wait(timeout=30)
