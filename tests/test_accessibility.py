"""Every page of the built guide, audited for accessibility in a real browser.

axe-core (its browser script, from the PyPI package axe-playwright-python: for the tests
only, the site never loads it) checks each page — chapters, notebook pages, the
execution report — in the light and the dark palette; at 200 % zoom (a 1280 px window is
a 640 px wide page) nothing may stick out of the page or be cut off. Each page is opened
once, in one palette; it is then switched to the other with the palette toggle, and the
zoom is checked by narrowing the window as a browser's zoom does (the page is not
reloaded). The audit runs on its own, beside the other tests, as soon as the site is
built (``python tests/test_accessibility.py SITE OUT``, started by conftest.Background);
its tests read what it found.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Browser, Page
from test_browser import ATLAS

pytestmark = [pytest.mark.browser, pytest.mark.slow]
# What fails the audit: axe-core's two highest impacts (the others: moderate, minor).
FAILING = ("serious", "critical")
DESKTOP = {"width": 1280, "height": 900}
# A 1280 px window at 200 % zoom lays pages out 640 CSS px wide.
ZOOMED = {"width": 640, "height": 400}


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


# The rules whose outcome depends on the palette; the others read the page's structure,
# which is the same in both, so the dark pass runs only these.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]

# color-contrast computes the colours behind every text element, which takes four fifths
# of axe's time on these pages (thousands of highlighted code tokens and KaTeX spans, 7 s
# a page). Elements with the same chain of tags, classes and inline styles up to <body>
# get the same colours from the site's CSS, so the rule checks each such kind of text
# element on the first page where it appears (every page still gets every other rule).
# MARK_NEW_KINDS marks them, and hands back the kinds seen so far; ONLY_NEW_KINDS narrows
# the rule to the marked elements, so that one axe run per page and palette does all
# (each run first reads the whole page again).
UNMARK = (
    "document.querySelectorAll('[data-axe-new-kind]').forEach((e) => e.removeAttribute('data-axe-new-kind'))"
)
ONLY_NEW_KINDS = "axe.configure({rules: [{id: 'color-contrast', selector: '[data-axe-new-kind]'}]})"
MARK_NEW_KINDS = """(seen) => {
  const known = new Set(seen);
  const chains = new Map([[document.body, ""]]);  // each element's chain, made once
  const chain = (node) => {
    if (!chains.has(node)) {
      const classes = [...node.classList].sort().join(".");
      const own = `${node.tagName}.${classes}[${node.getAttribute("style") || ""}]>`;
      chains.set(node, chain(node.parentElement) + own);
    }
    return chains.get(node);
  };
  for (const node of document.body.querySelectorAll("*")) {
    const text = [...node.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!text) continue;
    const kind = chain(node);
    if (known.has(kind)) continue;
    known.add(kind);
    node.setAttribute("data-axe-new-kind", "");
  }
  return [...known];
}"""


def _violations(page: Page, context: str, options: str, where: str) -> list[str]:
    result = page.evaluate(f"axe.run({context}, {{resultTypes: ['violations'], {options}}})")
    failures = []
    for violation in result["violations"]:
        if violation["impact"] not in FAILING:
            continue
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            failures.append(
                f"{where} {violation['id']} ({violation['impact']}): "
                f"{' > '.join(map(str, node['target']))}\n    {summary[:300]}"
            )
    return failures


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


@dataclass
class Audit:
    """What one palette's visit of every page found."""

    violations: list[str] = field(default_factory=list)  # axe-core's, serious or critical
    zoomed: list[str] = field(default_factory=list)  # content cut off at 640 px (light only)
    kinds: list[str] = field(default_factory=list)  # of text element checked for contrast


def _switch(page: Page, scheme: str) -> None:
    """Switch the page's palette with Material's toggle, as a reader does (no reload)."""
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"document.body.dataset.mdColorScheme === '{scheme}'", timeout=5_000)
    page.wait_for_timeout(250)  # colour transitions (links: 125 ms) end


def _audit(browser: Browser, base_url: str, pages: list[str]) -> dict[str, Audit]:
    """Open every page once and run axe-core on it in the palette it opens in (the first
    page in light: Material picks the palette whose media query matches, here the emulated
    prefers-color-scheme; each later one in the palette the toggle left), then switch it
    to the other palette and run the rules whose outcome depends on the palette, and check
    it at 200 % zoom. Every page is so checked in both palettes, with one switch."""
    context = browser.new_context(color_scheme="light", viewport=DESKTOP)
    page = context.new_page()
    audits = {"light": Audit(), "dark": Audit()}
    palettes = [("light", "default"), ("dark", "slate")]
    for path in pages:
        _open(page, f"{base_url}/{path}")
        page.evaluate(AXE_SCRIPT)
        page.evaluate(ONLY_NEW_KINDS)
        for step, (palette, scheme) in enumerate(palettes):
            if step:
                page.evaluate(UNMARK)
                _switch(page, scheme)
            assert page.get_attribute("body", "data-md-color-scheme") == scheme, f"/{path}"
            audit = audits[palette]
            audit.kinds = page.evaluate(MARK_NEW_KINDS, audit.kinds)
            # Every rule in the first palette; in the second, those that depend on it.
            rules = f"runOnly: {COLOUR_RULES}" if step else ""
            audit.violations += _violations(page, "document", rules, f"/{path} [{palette}]")
        page.set_viewport_size(ZOOMED)
        page.wait_for_timeout(250)  # resize observers (figures.js) settle
        if found := page.evaluate(OVERFLOWING):
            audits["light"].zoomed.append(f"/{path}: " + "; ".join(found))
        page.set_viewport_size(DESKTOP)
        palettes.reverse()  # the next page opens in the palette this one ends in
    context.close()
    return audits


def main(site: Path, out: Path) -> None:
    """The audit on its own (conftest.Background runs it beside the other tests, from the
    moment the site is built): every page of `site`, results to `out` as JSON."""
    from tour import chromium, serving

    with chromium() as browser, serving(site) as url:
        pages = _pages(site)
        audits = _audit(browser, url, pages)
    found = {palette: asdict(audit) for palette, audit in audits.items()}
    out.write_text(json.dumps({"pages": pages, "audits": found}))


@pytest.fixture(scope="module")
def audits(audit_results: dict) -> dict[str, Audit]:
    """The audit of every page, run in the background (conftest.Background.audit)."""
    pages = audit_results["pages"]
    assert len(pages) >= 30 and "execution/" in pages and "notebooks/attention/" in pages, pages
    return {palette: Audit(**found) for palette, found in audit_results["audits"].items()}


def test_a_reader_who_prefers_dark_gets_the_dark_palette(browser: Browser, base_url: str):
    """The audit switches each page to dark with the toggle; a first visit picks it too."""
    context = browser.new_context(color_scheme="dark", viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{base_url}/attention/", wait_until="load")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    context.close()


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_every_page_passes_axe_core_in_both_palettes(audits: dict[str, Audit], palette: str):
    audit = audits[palette]
    assert len(audit.kinds) > 500, f"only {len(audit.kinds)} kinds of text element: is the marking broken?"
    assert not audit.violations, f"{len(audit.violations)} accessibility violations:\n" + "\n".join(
        audit.violations
    )


def test_at_200_percent_zoom_nothing_is_cut_off_or_sticks_out(audits: dict[str, Audit]):
    zoomed = audits["light"].zoomed
    assert not zoomed, "at 640 CSS px (200 % zoom of 1280 px):\n" + "\n".join(zoomed)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
