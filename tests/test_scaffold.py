"""`python -m snipexec new-chapter` makes a chapter that builds and passes its tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from snipexec.scaffold import ScaffoldError, add_to_nav, new_chapter

NAV = """\
site_name: x
nav:
  - Home: index.md
  - "Part I — Ideas":
      - a.md
  - "Part II — Models":
      - b.md
  - Reference:
      - glossary.md
"""


def test_new_page_goes_to_the_end_of_the_last_part_by_default():
    assert "      - b.md\n      - new.md\n  - Reference:" in add_to_nav(NAV, "new.md", None)


def test_new_page_goes_to_the_named_section():
    assert '      - a.md\n      - new.md\n  - "Part II' in add_to_nav(NAV, "new.md", "Part I —")


def test_scaffold_refuses_bad_names_and_existing_chapters(tmp_path: Path):
    with pytest.raises(ScaffoldError, match="lower-case Python identifier"):
        new_chapter(tmp_path, "Layer-Norm", "x")
    with pytest.raises(ScaffoldError, match="not a keyword"):  # `from snippets.class …` does not parse
        new_chapter(tmp_path, "class", "x")
    with pytest.raises(ScaffoldError, match="lower-case Python identifier"):  # a package's own file
        new_chapter(tmp_path, "__init__", "x")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "taken.md").write_text("# Taken\n")
    (tmp_path / "mkdocs.yml").write_text(NAV)
    with pytest.raises(ScaffoldError, match="exists already: docs/taken.md"):
        new_chapter(tmp_path, "taken", "Taken")


@pytest.mark.slow
def test_scaffolded_chapter_builds_strictly_and_passes_its_tests(tmp_path: Path, built_site: Path):
    project = tmp_path / "guide"
    project.mkdir()
    for name in ("docs", "snippets", "tests", "vendor", "scripts"):  # scripts: the hub cache seeding
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / ".cache").mkdir()
    for entry in (ROOT / ".cache").iterdir():  # the prepared models: the same files, so
        if entry.name != "snipexec":  # the guide's chapters stay fresh in the cache below
            (project / ".cache" / entry.name).symlink_to(entry)
    # The guide's own chapters were executed by `built_site`: reuse a copy of that cache
    # (whatever the copy might re-run must not replace the guide's own records).
    shutil.copytree(ROOT / ".cache" / "snipexec", project / ".cache" / "snipexec")
    env = {**os.environ, "PYTHONPATH": str(project)}
    run = lambda *args: subprocess.run(args, cwd=project, env=env, capture_output=True, text=True)  # noqa: E731

    made = run(sys.executable, "-m", "snipexec", "new-chapter", "layer_norm", "--title", "Layer norm")
    assert made.returncode == 0, made.stderr
    built = run(sys.executable, "-m", "mkdocs", "build", "--strict")
    assert built.returncode == 0, built.stderr[-3000:]
    ran = [line for line in built.stderr.splitlines() if "snipexec: ran" in line]
    assert len(ran) == 1 and "layer_norm.md" in ran[0], f"only the new chapter runs: {ran}"
    html = (project / "site" / "layer_norm" / "index.html").read_text()
    assert "row sums:" in html and "snippets/layer_norm/first.py" in html
    tested = run(
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_snippets_layer_norm.py"
    )
    assert tested.returncode == 0, tested.stdout[-3000:]
