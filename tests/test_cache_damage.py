"""A damaged cache is a miss, never a crash; two builds at once share one cache safely.

Each damage is done to a copy of one warm throwaway project (its chapter ran once), and
`python -m snipexec run` (the build's cache, without MkDocs) must then show the right
output: the chapter runs again where the damage lost its run, one line says what was
damaged, no traceback, and the run after that finds the cache whole again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import snipexec_cli

CHAPTER = """\
with open(".cache/runs.log", "a") as log:  # the one folder snippets may write into
    log.write("run\\n")
print("answer", 6 * 7)
"""
WARNING = "snipexec: warning: damaged cache file"


def _runs(root: Path) -> int:
    log = root / ".cache" / "runs.log"
    return log.read_text().count("run") if log.exists() else 0


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of one chapter that has run once: its cache holds the run."""
    root = tmp_path_factory.mktemp("warm") / "project"
    (root / "docs").mkdir(parents=True)
    (root / "snippets" / "ch").mkdir(parents=True)
    (root / "snippets" / "__init__.py").touch()
    (root / "snippets" / "ch" / "__init__.py").touch()
    (root / "snippets" / "ch" / "answer.py").write_text(CHAPTER)
    (root / "docs" / "index.md").write_text("# Home\n\n!snippet ch/answer.py\n")
    result = snipexec_cli(root, "run")
    assert result.returncode == 0, result.stderr
    assert _runs(root) == 1
    return root


def _cut(path: Path) -> None:
    """Cut a file in half, as a disk that filled up mid-write leaves it."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def _record(cache: Path) -> Path:
    return cache / "records" / "index.json"


def _of_another_format(cache: Path) -> None:
    record = json.loads(_record(cache).read_text())
    _record(cache).write_text(json.dumps({**record, "format": record["format"] + 1}))


def _foreign_files(cache: Path) -> None:
    (cache / "notes.txt").write_text("a file someone left here\n")
    (cache / "records" / "index.json.123.tmp").write_bytes(os.urandom(100))  # a write cut short
    (cache / "records" / "gone.json").write_text('{"format": 1}')  # a page no longer there
    (cache / "notebooks").mkdir()  # what an older version kept (jupyter-cache), ignored
    (cache / "notebooks" / "global.db").write_bytes(b"hello\n" * 99)


# name -> (damage, does the chapter run again, does one line say what was damaged)
DAMAGE: dict[str, tuple[Callable[[Path], None], bool, bool]] = {
    "record-cut-in-half": (lambda c: _cut(_record(c)), True, True),
    "record-of-random-bytes": (lambda c: _write(_record(c), os.urandom(4096)), True, True),
    "record-a-foreign-json": (lambda c: _record(c).write_text('{"pk": 1, "data": [1, 2, 3]}'), True, True),
    "record-a-json-list": (lambda c: _record(c).write_text("[1, 2, 3]"), True, True),
    "record-of-another-format": (_of_another_format, True, True),
    "record-without-its-notebook": (
        lambda c: _record(c).write_text(_record(c).read_text().replace('"notebook"', '"notes"')),
        True,
        True,
    ),
    "file-hashes-of-random-bytes": (lambda c: _write(c / "file-hashes.json", os.urandom(999)), False, True),
    "foreign-files": (_foreign_files, False, False),
}


@pytest.mark.parametrize("name", DAMAGE)
def test_a_damaged_cache_is_a_miss_with_one_line_of_warning(warm: Path, tmp_path: Path, name: str):
    damage, reruns, warns = DAMAGE[name]
    root = tmp_path / "project"
    shutil.copytree(warm, root)
    damage(root / ".cache" / "snipexec")

    result = snipexec_cli(root, "run", "--show")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "answer 42" in result.stdout
    assert _runs(root) == 1 + reruns
    said = [line for line in result.stderr.splitlines() if WARNING in line]
    assert len(said) == warns, result.stderr

    again = snipexec_cli(root, "run")  # the cache is whole again: nothing runs, nothing to say
    assert again.returncode == 0 and WARNING not in again.stderr, again.stderr
    assert _runs(root) == 1 + reruns and "ok (cached)" in again.stdout


def test_a_damaged_owners_file_is_made_again_before_a_chapter_runs(warm: Path, tmp_path: Path):
    """Every kernel's probe reads it: cut short, it would fail the run's record."""
    root = tmp_path / "project"
    shutil.copytree(warm, root)
    (owners,) = (root / ".cache" / "snipexec").glob("owners-*.json")
    _cut(owners)
    (root / "snippets" / "ch" / "answer.py").write_text(CHAPTER + "# edited\n")
    result = snipexec_cli(root, "run", "--show")
    assert result.returncode == 0, result.stderr
    assert "answer 42" in result.stdout and _runs(root) == 2
    assert sum(WARNING in line for line in result.stderr.splitlines()) == 1
    assert json.loads(owners.read_text())  # whole again


def test_a_strict_build_with_its_record_cut_in_half_runs_its_chapter(project):
    """The case of the issue (a disk that filled up mid-write): once a raw traceback in
    every later `mkdocs build`; now the build passes, --strict included."""
    project.snippet("ch/answer.py", CHAPTER)
    project.page("index.md", "# Home\n\n!snippet ch/answer.py\n")
    assert project.build().returncode == 0
    _cut(_record(project.path / ".cache" / "snipexec"))
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert sum(WARNING in line for line in result.stderr.splitlines()) == 1
    assert "answer 42" in project.html_of("index.md") and _runs(project.path) == 2
    assert project.build().returncode == 0 and _runs(project.path) == 1 + 1


def test_a_damaged_notebook_render_is_rendered_again_with_one_line_of_warning(project):
    """mkdocs-jupyter writes its cached renders in place and reads them back unchecked: a
    write cut short (a full disk, a killed build) once stopped every later build with a
    raw traceback. Now the render is made again, and the next build finds it whole."""
    project.render_notebooks()
    project.snippet("ch/one.py", "print('computed', 6 * 7)\n")
    project.page("index.md", "# Home\n")
    project.page("ch.md", "# Chapter\n\n!snippet ch/one.py\n")
    assert project.build().returncode == 0
    (render,) = (project.path / ".cache" / "mkdocs-jupyter").glob("*.json")
    whole = render.read_bytes()
    damages = {
        "cut in half": whole[: len(whole) // 2],
        "random bytes": os.urandom(4096),
        "a JSON list": b"[1, 2, 3]",
        "another object": b'{"content": 1}',
    }
    for damage, data in damages.items():
        render.write_bytes(data)
        result = project.build()
        assert result.returncode == 0 and "Traceback" not in result.stderr, f"{damage}: {result.stderr}"
        said = [line for line in result.stderr.splitlines() if "damaged cache file" in line]
        assert len(said) == 1 and render.name in said[0], f"{damage}: {result.stderr}"
        assert "computed 42" in project.html("notebooks/ch")
        assert render.read_bytes() == whole, damage
    again = project.build("--verbose")
    assert "Cache hit" in again.stderr and "damaged cache file" not in again.stderr


# --- two builds at once ----------------------------------------------------------------


def test_two_builds_at_once_both_succeed_and_leave_the_cache_consistent(project, tmp_path: Path):
    """Cold builds side by side, a few times: `mkdocs build` with `snipexec run`, and two
    `mkdocs build`s (each its own site folder, as two CI jobs have). Both pass and show
    the outputs, and a third run afterwards executes nothing."""
    for name in ("one", "two"):
        code = CHAPTER.replace("runs.log", f"runs-{name}.log").replace("6 * 7", repr(name))
        project.snippet(f"{name}/show.py", code)
    project.page("index.md", "# Home\n\n!snippet one/show.py\n")
    project.page("two.md", "# Two\n\n!snippet two/show.py\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir"]
    for attempt in range(4):
        shutil.rmtree(project.path / ".cache", ignore_errors=True)
        sites = [tmp_path / f"site-{attempt}-a", tmp_path / f"site-{attempt}-b"]
        run = [sys.executable, "-m", "snipexec", "run", "--show"]
        other = [*mkdocs, str(sites[1])] if attempt % 2 else run
        processes = [
            subprocess.Popen(
                command, cwd=project.path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for command in ([*mkdocs, str(sites[0])], other)
        ]
        outputs = [process.communicate(timeout=600) for process in processes]
        for process, (out, err) in zip(processes, outputs, strict=True):
            assert process.returncode == 0, f"attempt {attempt}: {process.args}\n{out}\n{err}"
            assert "Traceback" not in err
        for site in sites[: 1 + attempt % 2]:
            assert "answer one" in (site / "index.html").read_text()
            assert "answer two" in (site / "two" / "index.html").read_text()
        if attempt % 2 == 0:
            assert "answer one" in outputs[1][0] and "answer two" in outputs[1][0]
        third = snipexec_cli(project.path, "run")
        assert third.returncode == 0, third.stderr
        assert third.stdout.count("ok (cached)") == 2, f"attempt {attempt}: {third.stdout}"


def test_a_render_that_fails_on_its_own_still_fails_the_build(tmp_path: Path, monkeypatch):
    """The guard renders again only when a damaged render was deleted: with the cache
    whole, a render's own error must reach the build, and no render is touched."""
    from types import SimpleNamespace

    from snipexec import jupyter_pages

    cache = tmp_path / "renders"
    cache.mkdir()
    whole = cache / "kept.json"
    whole.write_text(json.dumps({"content": "<p>page</p>", "toc_tokens": [], "title": None}))
    jupyter = SimpleNamespace(config={"cache": True, "cache_dir": str(cache)})
    monkeypatch.setattr(jupyter_pages, "_caching_jupyter", lambda config: jupyter)
    calls = []

    def render(config, files):
        calls.append(1)
        raise ValueError("the notebook's own problem")

    page = SimpleNamespace(render=render)
    jupyter_pages.NotebookPages().guard_render(page, config=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="own problem"):
        page.render(None, None)
    assert calls == [1] and whole.exists()
