"""The same guide built by Zensical (`make build-zensical`), checked in Chromium: the core's
docs tree (`python -m snipexec build`) is all Zensical needs, since it runs no plugin.

Zensical lives in a venv of its own (.venv-zensical, requirements-zensical.txt): `make
build-zensical` makes it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import CHAPTERS, ROOT
from playwright.sync_api import Browser, Page
from tour import recording, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"
ATLAS = '.snipexec-widget[data-type="tested-transformer.attention"] .atlas-thumb'
SAMPLING = '.snipexec-widget[data-type="tested-transformer.sampling"].sampling-ready'
# Text nodes of the prose outside code and typeset math that still hold TeX or a directive.
LEFTOVERS = r"""() => {
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  const left = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest('pre, code, script, .katex')) continue;
    if (/\$\$|\$[^$\s][^$]*\$|\\\(|\\\[|^\s*!snippet /.test(n.data)) left.push(n.data.trim());
  }
  return left;
}"""


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory, built_site: Path) -> Path:
    """The guide built by Zensical: the core writes the tree from the build's cache, then
    Zensical builds it with scripts/zensical.yml (mkdocs.yml's theme and extensions).
    It waits for the guide's own build (built_site): in a fresh clone the core would
    otherwise run every chapter a second time beside it."""
    if not ZENSICAL.exists():
        pytest.fail(f"{ZENSICAL} is missing: run `make build-zensical` (it installs Zensical)")
    work = tmp_path_factory.mktemp("zensical")
    core = subprocess.run(
        [sys.executable, "-m", "snipexec", "build", "--out", str(work / "docs")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    assert core.returncode == 0, core.stderr
    config = (ROOT / "scripts" / "zensical.yml").read_text()
    (work / "mkdocs.yml").write_text(config.replace("../../mkdocs.yml", str(ROOT / "mkdocs.yml")))
    built = subprocess.run(
        [str(ZENSICAL), "build", "--strict", "-f", str(work / "mkdocs.yml")],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    return work / "site"


@pytest.fixture(scope="module")
def base_url(zensical_site: Path) -> Iterator[str]:
    with serving(zensical_site) as url:
        yield url


def _visit(page: Page, url: str, requests: list[str], errors: list[str]) -> None:
    requests.clear()
    errors.clear()
    page.goto(url, wait_until="load")


def _foreign(requests: list[str]) -> list[str]:
    return [u for u in requests if not u.startswith("data:") and urlparse(u).hostname != "127.0.0.1"]


def test_every_chapter_shows_its_outputs_math_diagrams_and_figures(browser: Browser, base_url: str):  # noqa: F811
    """On every chapter page: no `!snippet` line and no raw TeX left, every formula typeset
    by the self-hosted KaTeX, every diagram drawn by the self-hosted Mermaid, every figure
    loaded and shown in the light palette's render only, and no request to another host."""
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    requests, errors = recording(page)
    for chapter in CHAPTERS:
        path = "" if chapter.name == "index" else f"{chapter.name}/"
        source = chapter.page.read_text(encoding="utf-8")
        _visit(page, f"{base_url}/{path}", requests, errors)
        assert page.locator("article pre code").count() >= len(chapter.snippets), f"/{path}: code missing"
        if diagrams := source.count("```mermaid"):
            page.wait_for_function(
                f"document.querySelectorAll('article div.mermaid').length >= {diagrams}", timeout=30_000
            )
            assert page.locator("pre.mermaid").count() == 0, f"/{path}: a diagram left unrendered"
        if formulas := page.locator(".arithmatex").count():
            page.wait_for_function(
                f"document.querySelectorAll('.arithmatex .katex').length >= {formulas}", timeout=10_000
            )
        assert page.locator(".katex-error").count() == 0, f"/{path}"
        assert page.evaluate(LEFTOVERS) == [], f"/{path}: raw TeX or a directive left"
        # Every figure file loads (both palettes' renders), and the palette's own shows.
        shown = page.evaluate(
            """async () => {
              const imgs = [...document.querySelectorAll('article img')];
              imgs.forEach(img => { img.loading = 'eager'; });
              await Promise.all(imgs.map(img => img.decode().catch(() => null)));
              const broken = imgs.filter(img => !img.naturalWidth).map(img => img.src);
              const wrong = imgs.filter(img => img.src.includes('#only-')
                && (getComputedStyle(img).display !== 'none') !== img.src.endsWith('#only-light'));
              return {broken, wrong: wrong.map(img => img.src)};
            }"""
        )
        assert shown == {"broken": [], "wrong": []}, f"/{path}: {shown}"
        assert errors == [] and _foreign(requests) == [], f"/{path}: {errors} {_foreign(requests)}"
    context.close()


def test_the_dark_palette_shows_the_dark_render_of_every_figure(browser: Browser, base_url: str):  # noqa: F811
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(f"{base_url}/attention/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    figures = page.locator("article img[src*='#only-']")
    assert figures.count() >= 2
    for img in figures.all():
        dark = img.evaluate("img => img.src.endsWith('#only-dark')")
        assert img.evaluate("img => getComputedStyle(img).display !== 'none'") == dark
    context.close()


def test_the_widgets_come_alive(browser: Browser, base_url: str):  # noqa: F811
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base_url}/atlas/")
    page.wait_for_selector(ATLAS, timeout=20_000)
    page.goto(f"{base_url}/output_head/")
    page.wait_for_selector(SAMPLING, timeout=20_000)
    assert errors == []
    page.close()


def test_each_chapter_links_its_notebook_rendered_with_katex_and_as_a_download(
    browser: Browser,  # noqa: F811
    base_url: str,
):
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base_url}/attention/")
    download = page.locator(".chapter-notebook a[download]").evaluate("a => a.href")
    response = page.request.get(download)
    assert response.ok and response.json()["cells"]
    page.click(".chapter-notebook a:text('Read as notebook')")
    page.wait_for_function("document.querySelectorAll('.katex').length > 10", timeout=20_000)
    assert page.locator(".jp-Notebook").count() == 1
    page.wait_for_function(  # its diagrams, drawn by the site's own Mermaid
        "[...document.querySelectorAll('pre.mermaid')].every(d => d.querySelector('svg'))"
        " && document.querySelector('pre.mermaid')",
        timeout=20_000,
    )
    assert _foreign(requests) == [] and errors == []
    page.close()
