"""The core's engine-neutral tree (`python -m snipexec build --out DIR`) says on every page
exactly what the MkDocs plugin renders: one path, two adapters."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from mkdocs.utils import get_relative_url

from snipexec.core import page_url, relative_url

CHAPTER = """\
# A chapter

Some math $x^2$.

!snippet ch/text.py

A value: {eval}`answer * 2` is twice the answer.

!snippet ch/rich.py
"""
RICH = """\
import matplotlib.pyplot as plt
import pandas as pd

plt.plot([0, 1], [1, 0])
plt.show()
pd.DataFrame({"n": [1, 2], "n squared": [1, 4]})
"""


def _article(html: str) -> str:
    """A page's article, without the notebook buttons (each engine links its own notebook view)."""
    article = BeautifulSoup(html, "html.parser").find("article")
    assert article is not None
    for buttons in article.select(".chapter-notebook"):
        buttons.decompose()
    return str(article)


def test_the_core_tree_built_by_plain_mkdocs_gives_the_plugins_pages(project):
    project.snippet("ch/text.py", "answer = 21\nprint('the answer is', answer)\n")
    project.snippet("ch/rich.py", RICH)
    project.page("index.md", "# Home\n\n!snippet ch/text.py\n")
    project.page("chapter.md", CHAPTER)
    project.page("about.md", "# About\n\nNo snippets here.\n")
    assert (built := project.build()).returncode == 0, built.stderr

    core = subprocess.run(
        [sys.executable, "-m", "snipexec", "build", "--out", "tree"],
        cwd=project.path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert core.returncode == 0, core.stderr
    # Nothing ran again: the core made the plugin's settings, so it hit the plugin's cache.
    assert "(0 ran, 2 cached)" in core.stdout, core.stdout
    tree = project.path / "tree"
    assert "!snippet" not in (tree / "chapter.md").read_text()
    assert (tree / "notebooks" / "chapter.ipynb").is_file() and (
        tree / "notebooks" / "chapter.html"
    ).is_file()
    assert (tree / "vendor" / "katex" / "katex.min.js").is_file()

    # The same site, from the tree, by MkDocs with no snipexec plugin at all.
    config = (project.path / "mkdocs.yml").read_text()
    plain = re.sub(r"plugins:\n(  .*\n)+", "", config).replace("docs_dir: docs", "docs_dir: tree")
    (project.path / "plain.yml").write_text(plain + "site_dir: plain-site\n")
    assert "snipexec" not in plain
    again = project.build("-f", "plain.yml")
    assert again.returncode == 0, again.stderr

    for page in ("index.md", "chapter.md", "about.md"):
        stem = page.removesuffix(".md")
        folder = "" if stem == "index" else stem + "/"
        ours = (project.path / "site" / folder / "index.html").read_text()
        theirs = (project.path / "plain-site" / folder / "index.html").read_text()
        assert _article(theirs) == _article(ours), page
    chapter = _article((project.path / "plain-site" / "chapter" / "index.html").read_text())
    assert "the answer is 21" in chapter and "42 is twice" in chapter and "n squared" in chapter
    figures = re.findall(r'src="\.\./(assets/figures/[0-9a-f]{16}\.svg)#only-(?:light|dark)"', chapter)
    assert len(figures) == 2
    for figure in figures:
        assert (project.path / "plain-site" / figure).read_bytes() == (
            project.path / "site" / figure
        ).read_bytes()


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("page", ["index.md", "chapter.md", "part/index.md", "part/deep.md"])
@pytest.mark.parametrize("target", ["assets/figures/0123.svg", "", "chapter/", "notebooks/ch.ipynb"])
def test_relative_urls_are_mkdocs_own(directory_urls: bool, page: str, target: str):
    assert relative_url(target, page, directory_urls) == get_relative_url(
        target, page_url(page, directory_urls)
    )
