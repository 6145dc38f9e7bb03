"""The snippet pipeline, exercised on throwaway chapters built in a temporary folder."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from snipexec.collect import collect_chapter, iter_directives, split_cell
from snipexec.errors import DirectiveError
from snipexec.render import fence

# --- collect -------------------------------------------------------------------------


def test_directives_inside_fenced_blocks_are_not_executed():
    text = "!snippet a/one.py\n````text\n!snippet a/two.py\n````\n!snippet a/three.py code=collapsed\n"
    found = [(line, m.group("path")) for line, m in iter_directives(text)]
    assert found == [(1, "a/one.py"), (5, "a/three.py")]


def test_prelude_before_cell_marker_is_split_off_with_its_line_number():
    code, first = split_cell('"""Doc."""\nfrom x import y\n\n# %%\n\nz = y + 1\nprint(z)\n')
    assert code == "z = y + 1\nprint(z)\n"
    assert first == 6


def test_unknown_option_names_page_and_line(tmp_path: Path):
    page = tmp_path / "p.md"
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "a.py").write_text("print(1)\n")
    with pytest.raises(DirectiveError, match=r"p\.md:3: unknown option 'colour=red'"):
        collect_chapter(page, "# T\n\n!snippet a.py colour=red\n", tmp_path / "s")


def test_snippet_outside_the_package_is_refused(tmp_path: Path):
    (tmp_path / "s").mkdir()
    (tmp_path / "evil.py").write_text("print(1)\n")
    with pytest.raises(DirectiveError, match="must be a .py file inside"):
        collect_chapter(tmp_path / "p.md", "!snippet ../evil.py\n", tmp_path / "s")


def test_fence_outgrows_backticks_in_the_text():
    block = fence("a ```` b", "text")
    assert block.startswith("`````text\n") and block.endswith("\n`````")


# --- build: outputs ------------------------------------------------------------------


def test_code_and_output_appear_and_later_snippets_see_earlier_names(project):
    project.snippet("ch/one.py", "x = 6 * 7\nprint('x is', x)\n")
    project.snippet("ch/two.py", "from snippets.ch.one import x\n\n# %%\nprint('twice', 2 * x)\n")
    project.page("index.md", "# Home\n\n!snippet ch/one.py\n\nText.\n\n!snippet ch/two.py\n")
    result = project.build()
    assert result.returncode == 0, result.stderr
    html = (project.path / "site" / "index.html").read_text()
    assert "x is 42" in html and "twice 84" in html
    assert "snippets/ch/two.py" in html  # the code block is titled with its file
    assert "from snippets.ch.one import" not in html  # the prelude is not shown


def test_output_text_is_html_escaped(project):
    project.snippet("ch/xss.py", "print('<script>alert(1)</script>')\n")
    project.page("index.md", "# Home\n\n!snippet ch/xss.py\n")
    assert project.build().returncode == 0
    html = (project.path / "site" / "index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_huge_output_is_truncated_with_a_visible_note(project):
    project.snippet("ch/loud.py", "for i in range(5000):\n    print('line', i)\n")
    project.page("index.md", "# Home\n\n!snippet ch/loud.py\n")
    assert project.build().returncode == 0
    html = (project.path / "site" / "index.html").read_text()
    assert "line 199" in html and "line 200\n" not in html
    assert "output truncated" in html


def test_figure_table_and_markdown_outputs(project):
    project.snippet(
        "ch/rich.py",
        """\
        import matplotlib.pyplot as plt
        import pandas as pd

        plt.plot([0, 1], [1, 0])
        plt.show()
        print("$$ x^2 $$")
        pd.DataFrame({"n": [1, 2], "n squared": [1, 4]})
        """,
    )
    project.page("index.md", "# Home\n\n!snippet ch/rich.py output=markdown\n")
    assert project.build().returncode == 0
    html = (project.path / "site" / "index.html").read_text()
    # The figure, once per palette, each a file of the site named by its content.
    images = re.findall(r'<img alt="[^"]+" src="(assets/figures/[0-9a-f]{16}\.svg)#only-(\w+)"', html)
    assert [palette for _, palette in images] == ["light", "dark"]
    light, dark = ((project.path / "site" / src).read_text() for src, _ in images)
    assert light.startswith("<?xml") and dark.startswith("<?xml") and light != dark
    assert "data:image" not in html  # not inside the page as base64
    assert re.search(r'<div class="snippet-table">\s*(<div>\s*)?(<style.*?</style>\s*)?<table', html, re.S)
    assert "n squared" in html
    assert "$$ x^2 $$" in html and "<code>$$" not in html  # markdown, not a code block


WIDGET_SNIPPET = """\
import io

import matplotlib.pyplot as plt
from IPython.display import display

fig, ax = plt.subplots()
ax.plot([0, 1], [1, 0])
svg = io.StringIO()
fig.savefig(svg, format="svg")
plt.close(fig)
data = {"values": [1, 2.5, None], "label": "</script><script>alert(1)</script> <!-- a"}
display({"application/vnd.example.counter+json": data, "image/svg+xml": svg.getvalue(),
         "text/plain": "a counter"}, raw=True)
display({"application/vnd.example.bare+json": [3], "text/plain": "<b>bare</b>"}, raw=True)
print("after the widgets")
"""


def test_a_vnd_json_output_becomes_a_widget_with_its_json_and_a_fallback(project):
    import json

    import nbformat
    from bs4 import BeautifulSoup

    project.snippet("ch/widget.py", WIDGET_SNIPPET)
    project.page("w.md", "# Widgets\n\n!snippet ch/widget.py\n")
    project.page("index.md", "# Home\n")
    result = project.build()
    assert result.returncode == 0, result.stderr
    html = project.html_of("w.md")
    assert "</script><script>alert(1)" not in html  # the JSON cannot end its script early
    assert "<!-- a" not in html
    soup = BeautifulSoup(html, "html.parser")
    counter = soup.select_one('div.snipexec-widget[data-type="example.counter"]')
    assert counter is not None
    script = counter.select_one('script[type="application/json"]')
    label = "</script><script>alert(1)</script> <!-- a"
    assert json.loads(script.string) == {"label": label, "values": [1, 2.5, None]}
    fallback = counter.select_one(".snippet-figure img")  # for readers without the script
    assert (project.path / "site" / "w" / fallback["src"]).read_text().startswith("<?xml")
    bare = soup.select_one('div.snipexec-widget[data-type="example.bare"]')
    assert json.loads(bare.select_one("script").string) == [3]
    assert bare.select_one("p").get_text() == "<b>bare</b>" and not bare.select("b")  # text, escaped
    assert "after the widgets" in soup.select_one(".snippet-output").get_text()
    # The notebook keeps the whole bundle, valid nbformat: viewers pick what they can show.
    (path,) = (project.path / ".cache/snipexec/site-notebooks").rglob("w.ipynb")
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    (cell,) = [c for c in nb.cells if c.cell_type == "code" and "display" in c.source]
    bundles = [o.data for o in cell.outputs if o.output_type == "display_data"]
    assert bundles[0]["application/vnd.example.counter+json"]["values"] == [1, 2.5, None]
    assert "image/svg+xml" in bundles[0]
    # Read back from the cache (which stores JSON with sorted keys), the page is the same.
    again = project.build()
    assert again.returncode == 0 and "snipexec: ran" not in again.stderr, again.stderr
    assert project.html_of("w.md") == html


def test_two_clean_builds_are_byte_identical(project):
    project.snippet(
        "ch/fig.py",
        "import torch\nimport matplotlib.pyplot as plt\ntorch.manual_seed(0)\n"
        "plt.imshow(torch.rand(4, 4))\nplt.title('random')\nplt.show()\nprint(torch.rand(3))\n",
    )
    project.page("index.md", "# Home\n\n!snippet ch/fig.py\n")
    pages = []
    for _ in range(2):
        shutil.rmtree(project.path / "site", ignore_errors=True)
        shutil.rmtree(project.path / ".cache", ignore_errors=True)
        assert project.build().returncode == 0
        pages.append((project.path / "site" / "index.html").read_bytes())
    assert pages[0] == pages[1]


def test_execution_off_shows_code_and_says_outputs_are_missing(project):
    project.snippet("ch/one.py", "print('computed')\n")
    project.page("index.md", "# Home\n\n!snippet ch/one.py\n")
    env_off = {"SNIPEXEC_EXECUTE": "0"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project.path,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, **env_off},
    )
    assert result.returncode == 0, result.stderr
    html = (project.path / "site" / "index.html").read_text()
    assert "print" in html and "computed</span>" not in html.replace("'computed'", "")
    assert "execution off" in html


def test_an_execution_off_build_keeps_the_rendered_notebooks_for_the_next_build(project):
    """mkdocs-jupyter deletes every cached render a build did not use; a build with
    execution off has no notebooks, and must not cost the next build all of them."""
    project.render_notebooks()
    project.snippet("ch/one.py", "print('computed')\n")
    project.page("index.md", "# Home\n")
    project.page("ch.md", "# Chapter\n\n!snippet ch/one.py\n")
    renders = project.path / ".cache" / "mkdocs-jupyter"
    assert project.build().returncode == 0
    assert len(list(renders.glob("*.json"))) == 1, "the chapter's notebook was rendered and cached"

    off = project.build(env={"SNIPEXEC_EXECUTE": "0"})
    assert off.returncode == 0, off.stderr
    assert len(list(renders.glob("*.json"))) == 1, "the execution-off build evicted the render"
    warm = project.build("--verbose")
    assert "Cache hit" in warm.stderr and "Cache miss" not in warm.stderr

    project.snippet("ch/one.py", "print('edited')\n")  # a new notebook: its old render is stale
    assert project.build().returncode == 0
    assert len(list(renders.glob("*.json"))) == 1, "a build with notebooks still evicts stale renders"


def test_notebooks_rendered_ahead_in_parallel_are_what_mkdocs_jupyter_renders_itself(project):
    """With two jobs the chapters' notebooks are rendered ahead, by two renderers, as the
    chapters end (snipexec.jupyter_pages), so mkdocs-jupyter finds each in its cache; with one,
    it renders them itself. The notebook pages must be the same bytes."""
    project.render_notebooks()
    config = project.path / "mkdocs.yml"
    text = config.read_text()
    project.page("index.md", "# Home\n")
    for name in ("one", "two"):
        project.snippet(f"{name}/code.py", f"print('{name}', 6 * 7)\n")
        project.page(f"{name}.md", f"# Chapter {name}\n\n## Part\n\n!snippet {name}/code.py\n")
    pages = {}
    for jobs in (2, 1):
        shutil.rmtree(project.path / ".cache", ignore_errors=True)
        config.write_text(text.replace("timeout:", f"jobs: {jobs}\n      timeout:"))
        result = project.build()
        assert result.returncode == 0, result.stderr
        hits = re.findall(r"Cache hit: .*notebooks/(\w+)\.ipynb", result.stderr)
        assert sorted(hits) == (["one", "two"] if jobs == 2 else []), result.stderr
        pages[jobs] = [project.html(f"notebooks/{name}") for name in ("one", "two")]
    assert "one 42" in pages[1][0] and "two 42" in pages[1][1]
    assert pages[2] == pages[1]


# Waits, for at most 60 s, for the quick chapter's notebook, which the build writes as it
# starts rendering it (the kernel runs in the project's root). Not for the render itself:
# at the lowest priority it may wait for a core as long as the machine is busy.
WAIT_FOR_A_NOTEBOOK = """\
import os, time
notebook = ".cache/snipexec/site-notebooks/notebooks/quick.ipynb"
deadline = time.monotonic() + 60
while not os.path.exists(notebook) and time.monotonic() < deadline:
    time.sleep(0.1)
print("the quick chapter's notebook was on its way while this chapter ran:", os.path.exists(notebook))
"""


def test_a_chapters_notebook_is_rendered_as_soon_as_the_chapter_has_run(project):
    """Not after the last chapter: the renders then use the core the last chapters leave
    idle instead of ending the build. Here the slow chapter waits for the quick one's
    notebook, and the build finds the quick one's render made ahead, in the cache."""
    project.render_notebooks()
    project.page("index.md", "# Home\n")
    project.snippet("quick/code.py", "print('quick')\n")
    project.page("quick.md", "# Quick\n\n!snippet quick/code.py\n")
    project.snippet("slow/code.py", WAIT_FOR_A_NOTEBOOK)
    project.page("slow.md", "# Slow\n\n!snippet slow/code.py\n")
    config = project.path / "mkdocs.yml"  # two jobs, whatever the machine's cores
    config.write_text(config.read_text().replace("timeout:", "jobs: 2\n      timeout:"))
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "notebook was on its way while this chapter ran: True" in project.html("slow")
    assert re.search(r"Cache hit: .*notebooks/quick\.ipynb", result.stderr), result.stderr


def test_renderers_wait_at_the_lowest_priority_until_the_chapters_are_done(tmp_path: Path, monkeypatch):
    """Forked before the chapters run, the renderers must take only a core no kernel wants
    (the chapters' times are what the build is measured against), then the build's own
    priority. Under Linux's autogroups that is their session's nice value: each kernel
    has a session of its own, and the CPU is shared between sessions first."""
    from mkdocs.config.defaults import MkDocsConfig

    from snipexec import jupyter_pages

    if not jupyter_pages._autogroups():
        pytest.skip("no autogroup scheduling on this system: the renderers keep the build's session")
    rendered = tmp_path / "rendered.txt"

    def group(pid: int | str) -> str:
        return Path(f"/proc/{pid}/autogroup").read_text().split()[-1]

    class Jupyter:  # stands for mkdocs-jupyter: says at what priority it renders
        config = {"cache_dir": str(tmp_path / "cache")}

        def on_pre_page(self, page, config, files):
            with rendered.open("a") as out:
                out.write(f"{page.file.src_uri} {group('self')}\n")
            raise RuntimeError("a failed render only costs time")

    monkeypatch.setattr(jupyter_pages, "_caching_jupyter", lambda config: Jupyter())
    # Read whole: a process whose session began before autogroups (one started by PID 1
    # without setsid, as CI's is) is in the root group, whose file is empty.
    ours_before = Path("/proc/self/autogroup").read_text()
    pages = jupyter_pages.NotebookPages()
    assert pages.ahead(MkDocsConfig(), tmp_path, jobs=2) is not None and len(pages.renderers) == 2
    assert all(os.getsid(r.pid) == r.pid != os.getsid(0) for r in pages.renderers), "sessions of their own"
    assert [group(r.pid) for r in pages.renderers] == ["19", "19"], "while chapters run"
    # and each process's own value, which counts where sessions do not (a cgroup of its own)
    assert [os.getpriority(os.PRIO_PROCESS, r.pid) for r in pages.renderers] == [19, 19]
    assert Path("/proc/self/autogroup").read_text() == ours_before, "the build's own session is left alone"

    pages.chapters_done()
    assert Path("/proc/self/autogroup").read_text() == ours_before
    ours = str(max(0, os.nice(0)))
    assert [group(r.pid) for r in pages.renderers] == [ours, ours], "once they are done"
    if os.geteuid() == 0:  # without privilege a process's priority is not raised back
        assert [os.getpriority(os.PRIO_PROCESS, r.pid) for r in pages.renderers] == [int(ours)] * 2
    assert pages.queue is not None
    pages.queue.put("notebooks/one.ipynb")
    renderers = pages.renderers
    pages.wait_for_renders()
    assert [r.exitcode for r in renderers] == [0, 0]
    assert rendered.read_text() == f"notebooks/one.ipynb {ours}\n"
    assert list((tmp_path / "cache").iterdir()) == [], "each renderer's own folder is gone"


def test_a_renderer_that_dies_does_not_hang_the_build(tmp_path: Path, monkeypatch):
    """A killed renderer (the OOM killer beside a model's kernel) may hold the queue's
    lock: the build must not wait for the others forever."""
    import signal

    from mkdocs.config.defaults import MkDocsConfig

    from snipexec import jupyter_pages

    class Jupyter:
        config = {"cache_dir": str(tmp_path / "cache")}

    monkeypatch.setattr(jupyter_pages, "_caching_jupyter", lambda config: Jupyter())
    pages = jupyter_pages.NotebookPages()
    assert pages.ahead(MkDocsConfig(), tmp_path, jobs=2) is not None
    renderers = pages.renderers
    os.kill(renderers[0].pid, signal.SIGKILL)
    pages.wait_for_renders()  # returns
    assert renderers[0].exitcode == -signal.SIGKILL and not renderers[1].is_alive()


# --- build: cache --------------------------------------------------------------------


def _counting_snippet(project, rel: str, log: Path, text: str) -> None:
    project.snippet(rel, f"with open({str(log)!r}, 'a') as f:\n    f.write('run\\n')\nprint({text!r})\n")


def test_cache_hit_executes_nothing_and_a_change_reexecutes_only_its_chapter(project, tmp_path):
    log_a, log_b = tmp_path / "a.log", tmp_path / "b.log"
    _counting_snippet(project, "a/one.py", log_a, "first A")
    _counting_snippet(project, "b/one.py", log_b, "first B")
    project.page("index.md", "# Home\n\n!snippet a/one.py\n")
    project.page("b.md", "# B\n\n!snippet b/one.py\n")
    assert project.build().returncode == 0
    assert project.build().returncode == 0  # nothing changed
    assert log_a.read_text().count("run") == 1 and log_b.read_text().count("run") == 1

    _counting_snippet(project, "a/one.py", log_a, "second A")
    assert project.build().returncode == 0
    assert log_a.read_text().count("run") == 2, "changed chapter re-executed"
    assert log_b.read_text().count("run") == 1, "unchanged chapter served from cache"
    assert "second A" in (project.path / "site" / "index.html").read_text()


def test_a_chapter_is_run_as_a_valid_notebook_one_cell_per_snippet(tmp_path: Path):
    import nbformat

    from snipexec.execute import build_notebook

    (tmp_path / "snippets" / "ch").mkdir(parents=True)
    (tmp_path / "snippets" / "ch" / "one.py").write_text("from x import y\n\n# %%\nprint(1)\n")
    (tmp_path / "snippets" / "ch" / "two.py").write_text("print(2)\n")
    page = tmp_path / "ch.md"
    page.write_text("# Chapter\n\n!snippet ch/one.py\n\n!snippet ch/two.py timeout=5\n")
    nb = build_notebook(collect_chapter(page, page.read_text(), tmp_path / "snippets"), 60)
    nbformat.validate(nb)  # the cells are written out, not made by nbformat
    assert [(c.id, c.source, c.metadata.timeout) for c in nb.cells] == [
        ("snippet-0", "print(1)", 60),
        ("snippet-1", "print(2)", 5),
    ]


def test_a_notebook_is_made_again_exactly_when_something_it_is_made_from_changed(tmp_path, monkeypatch):
    """A warm build leaves the chapter notebooks alone; a change of anything one is made
    from (outputs, page, URL, installed set, the file itself) makes it again."""
    import nbformat

    from snipexec import notebook
    from snipexec.execute import ChapterRun, build_notebook

    (tmp_path / "snippets" / "ch").mkdir(parents=True)
    (tmp_path / "snippets" / "ch" / "one.py").write_text("print(1)\n")
    page = tmp_path / "docs" / "ch.md"
    page.parent.mkdir()
    page.write_text("# Chapter\n\n## Part\n\n!snippet ch/one.py\n")
    chapter = collect_chapter(page, page.read_text(), tmp_path / "snippets")

    def ran(printed: str) -> ChapterRun:
        nb = build_notebook(chapter, 60)
        nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed)]
        return ChapterRun(chapter, nb, from_cache=True)

    path = tmp_path / "notebooks" / "ch.ipynb"
    made: list[str] = []
    make = notebook.reader_notebook
    monkeypatch.setattr(notebook, "reader_notebook", lambda *args: made.append("made") or make(*args))
    inputs = {"printed": "1\n", "text": page.read_text(), "url": "https://x/ch/"}

    def write(**change: str) -> bool:
        """Write with one input changed; whether the notebook was made. The file holds what
        it should either way."""
        inputs.update(change)
        run, text, url = ran(inputs["printed"]), inputs["text"], inputs["url"]
        made.clear()
        notebook.write_notebook(path, run, text, url)
        assert path.read_text() == nbformat.writes(make(run, text, url, None)) + "\n"
        return bool(made)

    assert write()
    assert not write(), "nothing changed: nothing made"
    assert write(printed="2\n")
    assert write(text=inputs["text"] + "\n## Afterwards\n")
    assert write(url="https://y/ch/")
    monkeypatch.setattr(notebook, "installed_fingerprint", lambda: "after a pip install")
    assert write()
    assert not write()
    path.write_text(path.read_text().replace("Chapter", "Edited"))
    assert write(), "the file was changed by hand"
    path.unlink()
    assert write(), "the file is gone"
    path.with_suffix(".inputs.json").write_text("{damaged")
    assert write()
    assert not write()


# --- build: failures -----------------------------------------------------------------


def test_raising_snippet_fails_the_build_naming_page_file_line_and_traceback(project):
    project.snippet("ch/fine.py", "y = 1\n")
    project.snippet("ch/broken.py", '"""Doc."""\n\n# %%\nx = 1\n\nx / 0\n')
    project.page("index.md", "# Home\n\nIntro.\n\n!snippet ch/fine.py\n\n!snippet ch/broken.py\n")
    result = project.build()
    assert result.returncode != 0
    err = result.stderr
    assert "snippets/ch/broken.py:6: ZeroDivisionError: division by zero" in err
    assert "docs/index.md:7" in err  # the page line of the directive
    assert "Traceback" in err or "----> 3 x / 0" in err or "x / 0" in err


def test_missing_snippet_file_fails_naming_the_page_line(project):
    project.page("index.md", "# Home\n\n!snippet ch/nowhere.py\n")
    result = project.build()
    assert result.returncode != 0
    assert "docs/index.md:3: snippet file snippets/ch/nowhere.py does not exist" in result.stderr


def test_hanging_snippet_is_stopped_with_a_clear_message(project):
    project.snippet("ch/hang.py", "import time\n\ntime.sleep(600)\n")
    project.page("index.md", "# Home\n\n!snippet ch/hang.py timeout=3\n")
    start = time.monotonic()
    result = project.build()
    assert result.returncode != 0
    assert time.monotonic() - start < 120
    assert "snippets/ch/hang.py" in result.stderr and "timed out after 3 s" in result.stderr


# A sitecustomize that kills the chapter's kernel as it starts (the build's kernels are the
# only processes started with this argument): the first `times` kernels, counted in a file.
KERNEL_KILLER = """\
import os, sys
if "--IPKernelApp.log_level=ERROR" in sys.argv:
    count = {count!r}
    n = len(open(count).read()) if os.path.exists(count) else 0
    open(count, "a").write("x")
    if n < {times}:
        os._exit(3)
"""


def _kill_kernels_at_start(tmp_path: Path, times: int) -> dict[str, str]:
    site = tmp_path / "site-dir"
    site.mkdir()
    count = tmp_path / "kernel-starts"
    (site / "sitecustomize.py").write_text(KERNEL_KILLER.format(count=str(count), times=times))
    return {"PYTHONPATH": str(site)}


def test_a_kernel_that_dies_at_start_is_started_again(project, tmp_path):
    """A failed start is the machine's hiccup, not the chapter's: nothing ran, so the
    build starts another kernel, and the page is what it would have been."""
    project.snippet("ch/one.py", "print('from a kernel that started')\n")
    project.page("index.md", "# Home\n\n!snippet ch/one.py\n")
    result = project.build(env=_kill_kernels_at_start(tmp_path, times=1))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "kernel-starts").read_text() == "xx"  # killed once, started again
    assert "from a kernel that started" in project.html("")


def test_a_kernel_that_never_starts_fails_the_build_naming_the_page_and_snippet(project, tmp_path):
    project.snippet("ch/one.py", "x = 1\n\nprint(x)\n")
    project.page("index.md", "# Home\n\n!snippet ch/one.py\n")
    result = project.build(env=_kill_kernels_at_start(tmp_path, times=99))
    assert result.returncode != 0
    assert "docs/index.md" in result.stderr and "snippets/ch/one.py:1" in result.stderr
    assert "the Python kernel did not start (Kernel died before replying to kernel_info)" in result.stderr
    # The error is ours alone: not nbclient's exit hook failing on a manager it let go of.
    assert "Traceback" not in result.stderr and "atexit" not in result.stderr
    assert not (project.path / "site" / "index.html").exists()


# --- serve ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def test_serve_shows_the_error_on_the_page_keeps_running_and_reloads_on_edit(project):
    snippet = project.snippet("ch/one.py", "print('before' + 1)\n")
    project.page("index.md", "# Home\n\n!snippet ch/one.py\n")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=project.path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        assert _wait_for(lambda: "This snippet failed" in _get(url), 90), "error shown on the page"
        page = _get(url)
        assert "TypeError" in page and "snippets/ch/one.py:1" in page
        assert "livereload" in page, "the README's serve command reloads on edit"
        assert server.poll() is None, "the server is still running"

        snippet.write_text("print('after ' + 'fix')\n")
        assert _wait_for(lambda: "after fix" in _get(url), 90), "edit picked up without restarting"
        assert "This snippet failed" not in _get(url)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_record_is_one_plain_file_and_a_hit_is_the_run_it_holds(project):
    """The chapter's record (snipexec.records) holds its run; a hit puts the run's outputs
    into the chapter's cells, and an edit or a new inline expression is a miss that says
    which snippet or value changed."""
    from snipexec.execute import Cache, Settings, run_chapters

    project.snippet("ch/one.py", "print('one')\n")
    project.snippet("ch/two.py", "import sys\nprint('two', file=sys.stderr)\n6 * 7\n")
    page = project.page(
        "index.md", "# Home\n\n!snippet ch/one.py\n\n!snippet ch/two.py\n\nIt is {eval}`1 + 1`.\n"
    )
    settings = Settings(root=project.path, cache_dir=project.path / ".cache" / "snipexec", timeout=60)

    def chapter():  # type: ignore[no-untyped-def]
        return collect_chapter(page, page.read_text(), project.path / "snippets")

    (ran,) = run_chapters([chapter()], settings)
    assert ran.error is None and not ran.from_cache
    record = json.loads((settings.cache_dir / "records" / "index.json").read_text())
    assert record["format"] == 1 and record["page"] == "docs/index.md"
    assert record["run"]["inline"] == [{"expression": "1 + 1", "text": "2"}]
    assert record["notebook"] == ran.notebook

    hit = Cache(settings).check(chapter())
    assert hit.fresh and hit.notebook == ran.notebook and hit.record == ran.record
    assert [c.execution_count for c in hit.notebook.cells] == [1, 2]
    (again,) = run_chapters([chapter()], settings)
    assert again.from_cache and again.notebook == ran.notebook

    project.snippet("ch/two.py", "print(3)\n")
    assert Cache(settings).check(chapter()).reasons == ["snippet 2 (snippets/ch/two.py) edited"]
    project.snippet("ch/two.py", "import sys\nprint('two', file=sys.stderr)\n6 * 7\n")  # undone
    assert Cache(settings).check(chapter()).fresh
    page.write_text(page.read_text().replace("1 + 1", "1 + 2"))
    assert Cache(settings).check(chapter()).reasons == ["its inline values ({eval}) changed"]


def test_records_copied_into_a_clone_at_another_path_are_hits(tmp_path: Path):
    """What CI shards rely on: a project built in folder A; its records copied into an
    identical copy in folder B (nothing else of A's cache); B's build executes nothing
    and gives the same pages. The chapters read a data file, import a helper and a
    module of their own, and one page is nested."""
    from conftest import Project

    (tmp_path / "a" / "project").mkdir(parents=True)
    project = Project(tmp_path / "a" / "project")
    (project.path / "data").mkdir()
    (project.path / "data" / "n.txt").write_text("5")
    project.snippet("helper.py", "N = 2\n")
    project.snippet("ch/unshown.py", "M = 3\n")
    project.snippet(
        "ch/one.py",
        "from pathlib import Path\nfrom snippets.helper import N\nfrom snippets.ch.unshown import M\n"
        "n = int(Path('data/n.txt').read_text())\nprint('n is', n * N * M)\n",
    )
    project.snippet("part/two.py", "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()\n")
    project.page("index.md", "# Home\n\n!snippet ch/one.py\n\nSo {eval}`n + 1`.\n")
    (project.path / "docs" / "part").mkdir()
    project.page("part/two.md", "# Two\n\n!snippet part/two.py\n")
    assert project.build().returncode == 0
    records = project.path / ".cache" / "snipexec" / "records"
    assert sorted(p.relative_to(records).as_posix() for p in records.rglob("*.json")) == [
        "index.json",
        "part/two.json",
    ]
    assert str(project.path) not in "".join(p.read_text() for p in records.rglob("*.json"))

    clone = tmp_path / "b" / "elsewhere"
    shutil.copytree(project.path, clone, ignore=shutil.ignore_patterns(".cache", "site"))
    shutil.copytree(records, clone / ".cache" / "snipexec" / "records")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=clone, capture_output=True, text=True
    )
    assert built.returncode == 0, built.stderr
    assert "snipexec: ran" not in built.stderr, built.stderr
    for html in ("index.html", "part/two/index.html"):
        assert (clone / "site" / html).read_text() == (project.path / "site" / html).read_text()
    assert "n is 30" in (clone / "site" / "index.html").read_text()
    figures = sorted(p.name for p in (clone / "site" / "assets" / "figures").iterdir())
    assert figures and figures == sorted(p.name for p in (project.path / "site/assets/figures").iterdir())


# --- cache: dependencies -------------------------------------------------------------


def _runs(log: Path) -> int:
    return log.read_text().count("run") if log.exists() else 0


def _logging(log: Path) -> str:
    """Shown code that appends a line to `log` each time it runs (outside the project)."""
    return f"with open({str(log)!r}, 'a') as f:\n    f.write('run\\n')\n"


@pytest.mark.parametrize(
    "dependency, edit",
    [
        ("data/n.txt", "7"),  # a data file the snippet reads
        ("snippets/ch/unshown.py", "N = 7\n"),  # a module of its chapter the page never shows
        ("snippets/helper.py", "N = 7\n"),  # a helper at the top of the snippets package
    ],
    ids=["data-file", "unshown-module", "package-helper"],
)
def test_a_changed_dependency_reruns_the_chapter_and_nothing_else_does(project, tmp_path, dependency, edit):
    log = tmp_path / "runs.log"
    (project.path / "data").mkdir()
    (project.path / "data" / "n.txt").write_text("5")
    project.snippet("helper.py", "N = 5\n")
    project.snippet("ch/unshown.py", "N = 5\n")
    reads = {
        "data/n.txt": "from pathlib import Path\nn = int(Path('data/n.txt').read_text())\n",
        "snippets/ch/unshown.py": "from snippets.ch.unshown import N as n\n",
        "snippets/helper.py": "from snippets.helper import N as n\n",
    }[dependency]
    project.snippet("ch/one.py", _logging(log) + reads + "print('n is', n)\n")
    project.page("index.md", "# Home\n\n!snippet ch/one.py\n")
    assert project.build().returncode == 0
    assert "n is 5" in project.html_of("index.md")
    assert project.build().returncode == 0
    assert _runs(log) == 1, "nothing changed: nothing executes"

    (project.path / dependency).write_text(edit)
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert _runs(log) == 2
    assert "n is 7" in project.html_of("index.md")
    assert f"because {dependency} changed" in result.stderr  # the build says why it ran
    # The same cells ran again, so their record was replaced: the next build shows 7,
    # from the new run (once: any kind of dependency gives the same record).
    if dependency == "data/n.txt":
        assert project.build().returncode == 0
        assert _runs(log) == 2 and "n is 7" in project.html_of("index.md")


def test_a_changed_model_folder_reruns_the_chapter(project, tmp_path):
    """safetensors reads weights natively (no audit event): the whole folder is recorded."""
    import torch
    from transformers import BertConfig, BertModel

    config = BertConfig(
        vocab_size=32, hidden_size=8, num_hidden_layers=1, num_attention_heads=2, intermediate_size=16
    )
    folder = project.path / "models" / "tiny"
    torch.manual_seed(0)
    BertModel(config).save_pretrained(folder)
    project.snippet(
        "ch/load.py",
        "from transformers import AutoModel\n"
        "model = AutoModel.from_pretrained('models/tiny')\n"
        "print('weight sum', round(model.embeddings.word_embeddings.weight.sum().item(), 4))\n",
    )
    project.page("index.md", "# Home\n\n!snippet ch/load.py\n")
    assert project.build().returncode == 0
    before = project.html_of("index.md")
    torch.manual_seed(1)
    BertModel(config).save_pretrained(folder)  # same config.json, new weights
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "models/tiny/model.safetensors changed" in result.stderr
    assert project.html_of("index.md") != before


PREPARE = """\
from pathlib import Path


def go(root):
    # Like the seeded hub cache: a derived copy under .cache/, made from a project file.
    made = root / ".cache" / "derived" / "n.txt"
    made.parent.mkdir(parents=True, exist_ok=True)
    made.write_text((root / "data" / "n.txt").read_text().strip() + "0")
    return {made: root / "data" / "n.txt"}
"""


def test_a_file_made_by_the_prepare_step_records_its_source(project, tmp_path):
    """A chapter that reads only a derived file re-runs when its source is edited, and the
    reason names the source, as the model configs seeded into the hub cache do."""
    (project.path / "data").mkdir()
    (project.path / "data" / "n.txt").write_text("5")
    (project.path / "prep.py").write_text(PREPARE)
    config = project.path / "mkdocs.yml"
    config.write_text(config.read_text().replace("      timeout:", "      prepare: prep:go\n      timeout:"))
    log = tmp_path / "runs.log"
    reads = "n = int(open('.cache/derived/n.txt').read())\nprint('n is', n)\n"
    project.snippet("ch/one.py", _logging(log) + reads)
    project.page("index.md", "# Home\n\n!snippet ch/one.py\n")
    assert project.build().returncode == 0
    assert "n is 50" in project.html_of("index.md")
    assert project.build().returncode == 0 and _runs(log) == 1

    (project.path / "data" / "n.txt").write_text("7")
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "because data/n.txt changed" in result.stderr
    assert _runs(log) == 2 and "n is 70" in project.html_of("index.md")


def test_kernel_setup_runs_in_every_kernel_is_recorded_and_a_wrong_name_fails_clearly(project):
    (project.path / "setup_kernel.py").write_text("import builtins\n\ndef go():\n    builtins.FLAG = 'on'\n")
    config = project.path / "mkdocs.yml"
    plain = config.read_text()
    config.write_text(plain.replace("      timeout:", "      kernel_setup: setup_kernel:go\n      timeout:"))
    project.snippet("ch/one.py", "print('flag', FLAG)\n")
    project.page("index.md", "# Home\n\n!snippet ch/one.py\n")
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "flag on" in project.html_of("index.md")

    (project.path / "setup_kernel.py").write_text("import builtins\n\ndef go():\n    builtins.FLAG = 'off'\n")
    result = project.build()
    assert "because setup_kernel.py changed" in result.stderr  # what it reads is a dependency
    assert "flag off" in project.html_of("index.md")

    wrong = "      kernel_setup: setup_kernel:nothing\n      timeout:"
    config.write_text(plain.replace("      timeout:", wrong))
    _fails_clearly(project.build(), "kernel_setup", "setup_kernel:nothing")


def _machine(tmp_path: Path, **changes):
    from snipexec import deps

    base = {"root": tmp_path, "cache_dir": tmp_path / "cache", "kernel": "k", "packages": {"torch": "2.13.0"}}
    return deps.Machine(**{**base, **changes})


def test_a_new_package_version_python_or_kernel_setting_makes_a_record_stale(tmp_path: Path):
    from snipexec import deps

    hashes = deps.FileHashes(tmp_path / "hashes.json")
    machine = _machine(tmp_path)
    record = {"files": {}, "packages": {"torch": "2.13.0"}, "python": machine.python, "kernel": "k"}
    assert deps.changes(record, machine, hashes) == []
    upgraded = _machine(tmp_path, packages={"torch": "2.14.0"})
    assert deps.changes(record, upgraded, hashes) == ["torch 2.13.0 → 2.14.0"]
    assert deps.changes(record, _machine(tmp_path, packages={}), hashes) == ["torch 2.13.0 → not installed"]
    assert deps.changes(record, _machine(tmp_path, kernel="other"), hashes) == ["kernel settings changed"]
    older = _machine(tmp_path, python="3.10.1 (main)")
    assert deps.changes(record, older, hashes)[0].startswith("Python ")


def test_installed_packages_are_read_once_per_build_and_anew_for_the_next(tmp_path: Path, monkeypatch):
    """The check and the notebooks share one reading; a build (e.g. the next one of
    `mkdocs serve`) forgets it first, so a package installed meanwhile is seen."""
    from importlib import metadata

    from snipexec import deps

    deps.forget_installed()
    now = deps.installed_packages()
    first_found = reversed(list(metadata.distributions()))  # on sys.path, the first one wins
    assert now == {deps.normalise(d.metadata["Name"]): d.version for d in first_found}
    assert deps.installed_packages() is now
    fingerprint = deps.installed_fingerprint()

    def dist(folder: str, file: str, text: str) -> metadata.PathDistribution:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / file).write_text(text)
        return metadata.PathDistribution(tmp_path / folder)

    # Read from the header alone: a body line that looks like a header changes nothing.
    upgraded = dist("torch-99.0.dist-info", "METADATA", "Name: Torch\nVersion: 99.0\n\nName: x\nVersion: 0\n")
    egg = dist("old.egg-info", "PKG-INFO", "Metadata-Version: 1.0\nName: Old_Egg\nVersion: 1.2\n")
    # No Version header where it is looked for: the full parse decides (here, None).
    odd = dist("odd-3.dist-info", "METADATA", "Name: odd\nVersion:\n")
    monkeypatch.setattr(metadata, "distributions", lambda: [upgraded, egg, odd])
    assert deps.installed_packages() is now, "within a build"
    deps.forget_installed()  # the next build
    assert deps.installed_packages() == {"torch": "99.0", "old-egg": "1.2", "odd": odd.metadata["Version"]}
    assert deps.installed_fingerprint() != fingerprint
    monkeypatch.undo()
    deps.forget_installed()


def test_file_hashes_never_trust_a_stat_taken_in_the_same_moment_as_a_write(tmp_path: Path):
    from snipexec import deps

    path = tmp_path / "f.txt"
    path.write_text("aaaa")
    hashes = deps.FileHashes(tmp_path / "hashes.json")
    first = hashes.digest(path)
    hashes.save()
    # Same size, and mtime put back: only a re-read can tell the contents apart.
    st = path.stat()
    path.write_text("bbbb")
    import os

    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert deps.FileHashes(tmp_path / "hashes.json").digest(path) != first


def test_status_says_which_chapter_is_stale_and_why(project, tmp_path):
    project.snippet("ch/one.py", "print(1)\n")
    project.snippet("ch/two.py", "print(2)\n")
    project.snippet("other/one.py", "print(3)\n")
    project.page("index.md", "# Home\n\n!snippet ch/one.py\n\n!snippet ch/two.py\n")
    project.page("other.md", "# Other\n\n!snippet other/one.py\n")

    def status() -> str:
        cmd = [sys.executable, "-m", "snipexec", "status"]
        return subprocess.run(cmd, cwd=project.path, capture_output=True, text=True, check=True).stdout

    assert "stale  docs/index.md\n         - never run" in status()
    assert project.build().returncode == 0
    assert "fresh  docs/index.md" in status() and "2 fresh, 0 stale" in status()
    project.snippet("ch/two.py", "print(22)\n")
    out = status()
    assert "stale  docs/index.md\n         - snippet 2 (snippets/ch/two.py) edited" in out
    assert "fresh  docs/other.md" in out


def test_execution_report_lists_timings_memory_and_dependencies_outside_the_cache_key(project):
    (project.path / "data").mkdir()
    (project.path / "data" / "n.txt").write_text("5")
    project.snippet("ch/one.py", "import time\ntime.sleep(0.3)\nprint(open('data/n.txt').read())\n")
    project.page("index.md", "# Home\n\n!snippet ch/one.py\n")
    assert project.build().returncode == 0
    report = (project.path / "site" / "execution" / "index.html").read_text()
    assert "snippets/ch/one.py" in report and "data/n.txt" in report
    assert "ran: never run" in report and "ipykernel" in report  # why, and package versions
    seconds = re.search(r"<code>snippets/ch/one.py</code></td><td>([\d.]+)</td><td>([\d.]+)</td>", report)
    assert seconds and float(seconds.group(1)) >= 0.3 and float(seconds.group(2)) > 10  # s, MiB
    # The details are HTML put in after Markdown: their link to the chapter is made by
    # the plugin, relative to the report's own URL, and no placeholder is left.
    assert '<h2 id="run-index">Home</h2>\n\n<p><a href="../">Home</a> · 1 snippets</p>' in report
    assert "snipexec: the report" not in report

    record = json.loads((project.path / ".cache/snipexec/records/index.json").read_text())
    assert record["run"]["snippets"][0]["seconds"] >= 0.3  # kept in the record's run…
    # The build machinery a kernel loads (probe, dark figures) is covered by the kernel
    # settings, not recorded: a copy of the guide without snipexec/ still reuses the run.
    assert not [f for f in record["run"]["deps"]["files"] if "snipexec/" in f]
    assert (
        "execution" not in record["notebook"]["cells"][0]["metadata"]
    )  # …not in the cells the key is made of
    assert project.build().returncode == 0
    assert "<td>cached</td>" in (project.path / "site" / "execution" / "index.html").read_text()


# --- a contributor's broken chapter --------------------------------------------------


def _fails_clearly(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode != 0
    for text in expected:
        assert text in result.stderr, f"{text!r} not in:\n{result.stderr[-3000:]}"
    assert "snipexec/" not in result.stderr, "no frames of the build machinery"


def test_a_snippet_that_is_not_utf8_names_its_line(project):
    path = project.snippet("ch/latin.py", "x = 1\n")
    path.write_bytes(b"x = 1\nprint('caf\xe9')\n")
    project.page("index.md", "# Home\n\n!snippet ch/latin.py\n")
    _fails_clearly(project.build(), "snippets/ch/latin.py:2: is not UTF-8", "docs/index.md:3")


def test_a_syntax_error_names_the_file_line_before_anything_runs(project):
    project.snippet("ch/bad.py", '"""Doc."""\n\n# %%\nx = 1\nprint(x +)\n')
    project.page("index.md", "# Home\n\n!snippet ch/bad.py\n")
    _fails_clearly(project.build(), "snippets/ch/bad.py:5: SyntaxError", "docs/index.md:3")


def test_a_snippet_that_writes_into_the_project_is_refused_but_temp_files_are_fine(project):
    project.snippet(
        "ch/write.py",
        "import tempfile\nfrom pathlib import Path\n\n"
        "with tempfile.TemporaryDirectory() as d:\n    (Path(d) / 'ok.txt').write_text('fine')\n"
        "Path('docs/generated.md').write_text('# sneaky')\n",
    )
    project.page("index.md", "# Home\n\n!snippet ch/write.py\n")
    _fails_clearly(project.build(), "snippets/ch/write.py:6: PermissionError", "docs/generated.md")
    assert not (project.path / "docs" / "generated.md").exists()


def test_control_characters_never_reach_the_page(project):
    project.snippet(
        "ch/ctl.py",
        "print('nul\\x00bell\\x07 \\x1b[31mred\\x1b[0m end')\n"
        "for i in range(3):\n    print(f'\\rstep {i}', end='')\nprint()\n",
    )
    project.page("index.md", "# Home\n\n!snippet ch/ctl.py\n")
    assert project.build().returncode == 0
    html = project.html_of("index.md")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", html)
    output = html.split('class="snippet-output"', 1)[1]  # the code above it shows "[31m" as text
    assert "nulbell red end" in output and "step 2" in output
    assert "step 1" not in output and "[31m" not in output


def test_a_flood_of_output_is_cut_while_it_arrives(project):
    project.snippet("ch/flood.py", "import sys\nfor i in range(300_000):\n    sys.stdout.write('line\\n')\n")
    project.page("index.md", "# Home\n\n!snippet ch/flood.py\n")
    assert project.build().returncode == 0
    html = project.html_of("index.md")
    line = len("line\n")
    hidden = (300_000 - 200) * line  # all but the first 200 lines (Settings.max_output_lines)
    assert f"output truncated: {hidden:,} more characters" in html
    record = project.path / ".cache/snipexec/records/index.json"
    # 1.5 MB printed: kept whole, the record would be 15 times the limit.
    assert record.stat().st_size < 100_000, "the record holds no flood"


def test_endless_output_is_stopped_by_the_timeout(project):
    project.snippet("ch/forever.py", "while True:\n    print('again')\n")
    project.page("index.md", "# Home\n\n!snippet ch/forever.py timeout=2\n")
    start = time.monotonic()
    _fails_clearly(project.build(), "snippets/ch/forever.py:1: timed out after 2 s", "docs/index.md:3")
    assert time.monotonic() - start < 120


def test_stale_chapters_run_longest_recorded_first(tmp_path: Path):
    """One kernel at a time, so the log shows the order chapters ran in. The records say
    how long each took (written here: a kernel's start-up alone varies by a second on a
    loaded machine)."""
    from conftest import Project

    from snipexec.execute import Settings, run_chapters

    (tmp_path / "project").mkdir()
    project = Project(tmp_path / "project")
    log = tmp_path / "order.log"
    (project.path / "stamp.txt").write_text("1")
    for name in ("quick", "slow", "middle"):
        project.snippet(
            f"{name}/one.py",
            f"open('stamp.txt').read()\nwith open({str(log)!r}, 'a') as f:\n    f.write('{name}\\n')\n",
        )
        project.page(f"{name}.md", f"# {name}\n\n!snippet {name}/one.py\n")
    chapters = [
        collect_chapter(
            project.path / "docs" / f"{n}.md",
            (project.path / "docs" / f"{n}.md").read_text(),
            project.path / "snippets",
        )
        for n in ("quick", "slow", "middle")
    ]
    settings = Settings(root=project.path, cache_dir=project.path / ".cache/snipexec", timeout=60, jobs=1)
    assert all(run.error is None for run in run_chapters(chapters, settings))
    for name, seconds in [("quick", 1.0), ("slow", 30.0), ("middle", 10.0)]:
        record = project.path / ".cache" / "snipexec" / "records" / f"{name}.json"
        data = json.loads(record.read_text())
        data["run"]["seconds"] = seconds
        record.write_text(json.dumps(data))
    log.write_text("")
    (project.path / "stamp.txt").write_text("2")  # every chapter read it: all stale
    runs = run_chapters(chapters, settings)
    assert [run.chapter.name for run in runs] == ["quick", "slow", "middle"], "results in page order"
    assert log.read_text().split() == ["slow", "middle", "quick"]


def test_the_probe_reads_module_owners_from_a_file_made_once_per_installed_set(tmp_path: Path, monkeypatch):
    """Computing which distribution owns each module costs ~1 s; the executor writes it
    once per set of installed distributions, and a change of that set makes a new file."""
    from importlib import metadata

    from snipexec import deps

    first = deps.owners_file(tmp_path)
    owners = json.loads(first.read_text())
    for module, dists in metadata.packages_distributions().items():
        assert set(owners[module]) == set(dists)
    # This project's editable install: its finder module is listed in RECORD only.
    (finder,) = [m for m in owners if m.startswith("__editable___the_tested_transformer")]
    assert owners[finder] == ["the-tested-transformer"]
    assert deps.owners_file(tmp_path) == first
    monkeypatch.setattr(deps, "installed_fingerprint", lambda: "0" * 64)  # e.g. a pip upgrade
    assert deps.owners_file(tmp_path) != first


@pytest.mark.skipif(not Path("/proc/self/autogroup").exists(), reason="needs Linux autogroup scheduling")
def test_a_niced_build_gives_its_kernels_its_priority() -> None:
    """A kernel lives in a session of its own (jupyter_client), hence in a scheduling group
    of its own: the build sets that group's nice value to its own."""
    code = (
        "import os, subprocess\n"
        "from snipexec.execute import _share_our_priority\n"
        "kernel = subprocess.Popen(['sleep', '30'], start_new_session=True)\n"
        "before = open(f'/proc/{kernel.pid}/autogroup').read()\n"
        "_share_our_priority(kernel.pid)\n"
        "print(before.split()[-1], open(f'/proc/{kernel.pid}/autogroup').read().split()[-1])\n"
        "kernel.kill()\n"
    )
    run = subprocess.run(["nice", "-n", "7", sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["0", "7"]
