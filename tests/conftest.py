"""Shared fixtures: the project root, and a way to build throwaway sites."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from snipexec.collect import Chapter, collect_chapter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the snippets package of this checkout, not another one
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Hub ids resolve from the seeded offline cache, as in the build (mkdocs.yml `env:`); set
# before anything imports huggingface_hub, which reads it once. Re-seeded here too, so an
# edited model config is what the tests load.
os.environ.setdefault("HF_HOME", str(ROOT / ".cache" / "hf"))
from scripts.hub_cache import seed  # noqa: E402 - after HF_HOME is set

seed(ROOT)
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

    def build(self, *extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", *extra],
            cwd=self.path,
            capture_output=True,
            text=True,
            timeout=600,
        )

    def html(self, page: str) -> str:
        return (self.path / "site" / page / "index.html").read_text()


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


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
