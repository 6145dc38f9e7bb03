"""Every page of the built guide, audited for accessibility in a real browser.

axe-core (its browser script, from the PyPI package axe-playwright-python: for the tests
only, the site never loads it) checks each page — chapters, notebook pages, the
execution report — in the light and the dark palette; at 200 % zoom (a 1280 px window is
a 640 px wide page) nothing may stick out of the page or be cut off.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Browser, BrowserContext, Page
from test_browser import ATLAS, base_url, browser  # noqa: F401 - fixtures shared

pytestmark = [pytest.mark.browser, pytest.mark.slow]
# What fails the audit: axe-core's two highest impacts (the others: moderate, minor).
FAILING = ("serious", "critical")
# A 1280 px window at 200 % zoom lays pages out 640 CSS px wide, two device pixels each.
ZOOMED = {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2}


def _pages(site: Path) -> list[str]:
    """Every page of the site as a path below its root: "" (home), "attention/", ...,
    "notebooks/attention/", "execution/"."""
    pages = {p.parent.relative_to(site).as_posix() for p in site.glob("**/index.html")}
    skipped = ("assets", "search", "vendor", "404")
    return sorted(f"{p}/" if p != "." else "" for p in pages if not p.startswith(skipped))


def _open(page: Page, url: str) -> None:
    """Load a page and wait until its scripts have drawn it: diagrams, math, the atlas,
    and the site's accessibility script (docs/javascripts/a11y.js, after 100 ms)."""
    page.goto(url, wait_until="load")
    if page.locator("pre.mermaid").count():  # drawn, also where folded away (not visible)
        page.wait_for_function("!document.querySelector('pre.mermaid')", timeout=20_000)
    if page.locator(ATLAS).count():
        page.wait_for_selector(f"{ATLAS}.atlas-ready", state="attached", timeout=20_000)
    page.wait_for_timeout(250)


@pytest.fixture(scope="module")
def pages(built_site: Path) -> list[str]:
    found = _pages(built_site)
    assert len(found) >= 30 and "execution/" in found and "notebooks/attention/" in found
    return found


@pytest.fixture(scope="module", params=["light", "dark"])
def palette(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, BrowserContext]]:  # noqa: F811
    """A context whose pages open in one palette: Material picks the palette whose
    media query matches (mkdocs.yml), here the emulated prefers-color-scheme."""
    context = browser.new_context(color_scheme=request.param, viewport={"width": 1280, "height": 900})
    yield request.param, context
    context.close()


def test_every_page_passes_axe_core_in_both_palettes(
    palette: tuple[str, BrowserContext],
    base_url: str,  # noqa: F811
    pages: list[str],
):
    name, context = palette
    page = context.new_page()
    scheme = {"light": "default", "dark": "slate"}[name]
    failures: list[str] = []
    for path in pages:
        _open(page, f"{base_url}/{path}")
        assert page.get_attribute("body", "data-md-color-scheme") == scheme, f"/{path}"
        page.evaluate(AXE_SCRIPT)
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            if violation["impact"] not in FAILING:
                continue
            for node in violation["nodes"]:
                summary = " ".join(node.get("failureSummary", "").split())
                failures.append(
                    f"/{path} [{name}] {violation['id']} ({violation['impact']}): "
                    f"{' > '.join(map(str, node['target']))}\n    {summary[:300]}"
                )
    page.close()
    assert not failures, f"{len(failures)} accessibility violations:\n" + "\n".join(failures)


# Elements that reach past the right edge of the page (or its left), and do not sit in a
# region that scrolls sideways: content cut off or overflowing the page, at this width.
# Not counted: the inside of an SVG drawing (its paths' boxes are not what shows) and
# text kept for screen readers only in a 1 px box (KaTeX's MathML).
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  const clipped = (node) => {
    for (let up = node.parentElement; up && up !== document.body; up = up.parentElement) {
      const x = getComputedStyle(up).overflowX;
      if (x === "auto" || x === "scroll") return false;  // scrolls: reachable (a11y.js)
      if (x === "hidden" || x === "clip") {
        const box = up.getBoundingClientRect();
        return box.width <= 2 || box.height <= 2 ? false : up;  // screen-reader text
      }
    }
    return null;
  };
  if (document.documentElement.scrollWidth > width + 1) found.push(`the page scrolls sideways`);
  for (const node of document.querySelectorAll(".md-content *")) {
    if (node instanceof SVGElement && node.tagName !== "svg") continue;
    const box = node.getBoundingClientRect();
    if (!box.width || (box.right <= width + 1 && box.left >= -1)) continue;
    const up = clipped(node);
    if (up === false) continue;
    const what = node.tagName.toLowerCase() + (node.className && typeof node.className === "string"
      ? "." + node.className.trim().split(/\\s+/).join(".") : "");
    found.push(`${what} spans ${Math.round(box.left)}..${Math.round(box.right)} px` +
      (up ? ", cut off by its box" : ", past the page"));
  }
  return found.slice(0, 10);
}"""


def test_at_200_percent_zoom_nothing_is_cut_off_or_sticks_out(
    browser: Browser,  # noqa: F811
    base_url: str,  # noqa: F811
    pages: list[str],
):
    context = browser.new_context(**ZOOMED)
    page = context.new_page()
    failures = []
    for path in pages:
        _open(page, f"{base_url}/{path}")
        if found := page.evaluate(OVERFLOWING):
            failures.append(f"/{path}: " + "; ".join(found))
    context.close()
    assert not failures, "at 640 CSS px (200 % zoom of 1280 px):\n" + "\n".join(failures)
