"""The snippet pipeline, exercised on throwaway chapters built in a temporary folder."""

from __future__ import annotations

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
    assert 'class="snippet-figure"' in html and "data:image/svg+xml;base64," in html
    assert re.search(r'<div class="snippet-table">\s*(<div>\s*)?(<style.*?</style>\s*)?<table', html, re.S)
    assert "n squared" in html
    assert "$$ x^2 $$" in html and "<code>$$" not in html  # markdown, not a code block


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


def test_cache_fingerprint_changes_with_library_versions_and_shared_helpers(tmp_path: Path, monkeypatch):
    from snipexec import execute

    (tmp_path / "snippets").mkdir()
    before = execute.fingerprint(tmp_path)
    (tmp_path / "snippets" / "models.py").write_text("X = 1\n")
    with_helper = execute.fingerprint(tmp_path)
    assert with_helper != before, "a shared helper module is part of the key"

    real_version = execute.metadata.version
    monkeypatch.setattr(
        execute.metadata, "version", lambda name: "9.9" if name == "torch" else real_version(name)
    )
    assert execute.fingerprint(tmp_path) != with_helper, "upgrading torch starts a new cache"
