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
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

CHAPTER = """\
with open(".cache/runs.log", "a") as log:  # the one folder snippets may write into
    log.write("run\\n")
print("answer", 6 * 7)
"""
WARNING = "snipexec: warning: damaged cache file"


def _snipexec(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "snipexec", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )


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
    result = _snipexec(root, "run")
    assert result.returncode == 0, result.stderr
    assert _runs(root) == 1
    return root


def _cut(path: Path) -> None:
    """Cut a file in half, as a disk that filled up mid-write leaves it."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def _memo(cache: Path) -> Path:
    (memo,) = (cache / "merged").iterdir()
    return memo


def _random_notebook(cache: Path) -> None:
    (notebook,) = (cache / "notebooks" / "executed").glob("*/base.ipynb")
    notebook.write_bytes(os.urandom(4096))
    shutil.rmtree(cache / "merged")  # else the memo stands in for it: the lookup reads it


def _foreign_record(cache: Path) -> None:
    with sqlite3.connect(cache / "notebooks" / "global.db") as db:
        db.execute("UPDATE nbcache SET data = ?", (json.dumps(["not", "a", "record"]),))


def _foreign_files(cache: Path) -> None:
    (cache / "notes.txt").write_text("a file someone left here\n")
    (cache / "merged" / "0123456789abcdef.json").write_text('{"pk": 1}')
    (cache / "notebooks" / "executed" / "stray").write_bytes(os.urandom(100))


# name -> (damage, does the chapter run again, does one line say what was damaged)
DAMAGE: dict[str, tuple[Callable[[Path], None], bool, bool]] = {
    "database-cut-in-half": (lambda c: _cut(c / "notebooks" / "global.db"), True, True),
    "database-a-foreign-file": (lambda c: _write(c / "notebooks" / "global.db", b"hello\n" * 99), True, True),
    "notebook-of-random-bytes": (_random_notebook, True, True),
    "record-of-a-foreign-shape": (_foreign_record, True, False),  # its reason says "no dependency record"
    "memo-cut-in-half": (lambda c: _cut(_memo(c)), False, True),
    "memo-a-foreign-json": (lambda c: _memo(c).write_text("[1, 2, 3]"), False, True),
    "file-hashes-of-random-bytes": (lambda c: _write(c / "file-hashes.json", os.urandom(999)), False, True),
    "foreign-files": (_foreign_files, False, False),
}


@pytest.mark.parametrize("name", DAMAGE)
def test_a_damaged_cache_is_a_miss_with_one_line_of_warning(warm: Path, tmp_path: Path, name: str):
    damage, reruns, warns = DAMAGE[name]
    root = tmp_path / "project"
    shutil.copytree(warm, root)
    damage(root / ".cache" / "snipexec")

    result = _snipexec(root, "run", "--show")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "answer 42" in result.stdout
    assert _runs(root) == 1 + reruns
    said = [line for line in result.stderr.splitlines() if WARNING in line]
    assert len(said) == warns, result.stderr

    again = _snipexec(root, "run")  # the cache is whole again: nothing runs, nothing to say
    assert again.returncode == 0 and WARNING not in again.stderr, again.stderr
    assert _runs(root) == 1 + reruns and "ok (cached)" in again.stdout


def test_a_damaged_owners_file_is_made_again_before_a_chapter_runs(warm: Path, tmp_path: Path):
    """Every kernel's probe reads it: cut short, it would fail the run's record."""
    root = tmp_path / "project"
    shutil.copytree(warm, root)
    (owners,) = (root / ".cache" / "snipexec").glob("owners-*.json")
    _cut(owners)
    (root / "snippets" / "ch" / "answer.py").write_text(CHAPTER + "# edited\n")
    result = _snipexec(root, "run", "--show")
    assert result.returncode == 0, result.stderr
    assert "answer 42" in result.stdout and _runs(root) == 2
    assert sum(WARNING in line for line in result.stderr.splitlines()) == 1
    assert json.loads(owners.read_text())  # whole again


def test_a_strict_build_with_its_database_cut_in_half_runs_its_chapter(project):
    """The case of the issue: a raw SQLAlchemy traceback ("database disk image is
    malformed") in every later `mkdocs build`; now the build passes, --strict included."""
    project.snippet("ch/answer.py", CHAPTER)
    project.page("index.md", "# Home\n\n!snippet ch/answer.py\n")
    assert project.build().returncode == 0
    _cut(project.path / ".cache" / "snipexec" / "notebooks" / "global.db")
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert sum(WARNING in line for line in result.stderr.splitlines()) == 1
    assert "answer 42" in project.html_of("index.md") and _runs(project.path) == 2
    assert project.build().returncode == 0 and _runs(project.path) == 1 + 1


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
        third = _snipexec(project.path, "run")
        assert third.returncode == 0, third.stderr
        assert third.stdout.count("ok (cached)") == 2, f"attempt {attempt}: {third.stdout}"
