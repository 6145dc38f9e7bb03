"""One visit to every page of the built guide per window width, shared by the browser tests
that each check something on every page (what renders, what a page downloads, how big its
diagrams', figures' and outputs' text is drawn): seven walks of the site became two,
and every test sees the same pages.

At 1280 px each visit is a first visit: a fresh browser context (no cache), so what it
downloads is what a reader's first visit downloads, and Mermaid is loaded only by a page
that asked for it; at 390 px the pages share one tab. A visit that fails (a timeout
waiting for diagrams, say) is kept with its error, which the tests report for that page;
the walk goes on.

The walk runs on its own, beside the other tests, as soon as the site is built
(``python tests/tour.py SITE OUT``, started by conftest.Background, with a Chromium of its
own); the tests read what it saw (:class:`Walked`, the fixture ``tour``).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import sys
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Browser, Error, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # one line per file is noise
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """A built site served on a free local port: its base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()


# Material draws each diagram into a *closed* shadow root, which no selector reaches: this
# init script keeps every shadow root a page attaches, so a test can read the SVG inside.
KEEP_SHADOW_ROOTS = """
(() => {
  const attach = Element.prototype.attachShadow;
  window.__shadowRoots = new Map();
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    window.__shadowRoots.set(this, root);
    return root;
  };
})();
"""
# Per diagram: its first label, and the smallest text it shows in CSS px: each text's font
# size (of a formula: the formula's) times the SVG's scale (drawn width / viewBox width).
MEASURE_DIAGRAMS = """
() => [...document.querySelectorAll('div.mermaid')].map((host) => {
  const svg = window.__shadowRoots.get(host)?.querySelector('svg');
  if (!svg) return {first: '(no SVG)', px: 0};
  const box = svg.getBoundingClientRect(), view = svg.viewBox.baseVal;
  const scale = Math.min(box.width / view.width, box.height / view.height);
  const walker = document.createTreeWalker(svg, NodeFilter.SHOW_TEXT);
  let first = null, px = Infinity;
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (!text.textContent.trim() || text.parentElement.closest('style')) continue;
    first ??= text.textContent.trim();
    const element = text.parentElement.closest('math') || text.parentElement;
    px = Math.min(px, parseFloat(getComputedStyle(element).fontSize) * scale);
  }
  const hostBox = host.getBoundingClientRect();
  const scrolls = host.scrollWidth > host.clientWidth + 1;
  const cue = getComputedStyle(host, '::before').content;
  return {first, px, scrolls, cue, width: hostBox.width, height: hostBox.height};
})
"""
# Per output: does a line run past the column, is it a printout in columns, what its label says.
MEASURE_OUTPUTS = """() => [...document.querySelectorAll('.snippet-output')].map((output) => {
  const code = output.querySelector('pre > code');
  return {first: code.textContent.trim().split('\\n')[0].slice(0, 60),
          text: code.textContent,
          overflows: code.scrollWidth > code.clientWidth + 1,
          columns: code.classList.contains('output-columns'),
          cue: getComputedStyle(output, '::before').content};
})"""
# Each figure image the page shows: its file, its content width on the screen (without
# its padding) and the snippet whose output it is (the code block above it).
SHOWN_FIGURES = """async () => {
  const shown = [];
  for (const img of document.querySelectorAll('.snippet-figure img')) {
    if (img.offsetParent === null) continue;  // the other palette's render, a widget's fallback
    img.scrollIntoView();
    await img.decode();
    const style = getComputedStyle(img);
    const padding = ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth']
      .reduce((sum, key) => sum + parseFloat(style[key]), 0);
    const title = document.evaluate("preceding::span[contains(@class, 'filename')][1]", img, null,
      XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
    shown.push({src: img.getAttribute('src'), width: img.getBoundingClientRect().width - padding,
                snippet: title ? title.textContent.trim() : '?'});
  }
  return shown;
}"""
# The prose's text, without code (code may well build TeX strings). Read in place: a clone
# of the article would start loading every image in it, the other palette's renders too.
PROSE = """() => {
  const skipCode = {acceptNode: (n) => n.parentElement.closest('pre, code')
                                       ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT};
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT, skipCode);
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) text += node.data;
  return text;
}"""
# Scrolled to the end, slowly enough that every lazy image starts loading: two window
# heights a step, as Chromium loads a lazy image from 1,250 px or more before it is in
# view (each step costs a raster of the window and what lies ahead: at 600 px a step,
# the walk's scrolling took three times the CPU).
SCROLL_THROUGH = """async () => { for (let y = 0; y < document.body.scrollHeight; y += 2 * innerHeight) {
  window.scrollTo(0, y); await new Promise(r => setTimeout(r, 30)); } }"""
# The width at which each page is also weighed (Seen.gzipped).
WEIGHED = 1280
# Two frames: the site's scripts mark outputs on load, and a ResizeObserver reports
# before the next frame.
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


@dataclass
class Seen:
    """What one page showed on a first visit at one window width."""

    path: str  # below the site's root: "" (home), "attention/", ...
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    # At the WEIGHED width, what the visit downloaded by the time it had scrolled to the
    # end, before any measuring: URL -> bytes, compressed as a server would send them.
    gzipped: dict[str, int] = field(default_factory=dict)
    unrendered: int = 0  # diagram sources Mermaid left as text
    diagrams: list[dict] = field(default_factory=list)  # MEASURE_DIAGRAMS
    katex_errors: int = 0
    prose: str = ""
    figures: list[dict] = field(default_factory=list)  # SHOWN_FIGURES
    outputs: list[dict] = field(default_factory=list)  # MEASURE_OUTPUTS
    failure: str | None = None  # why the visit stopped early, if it did

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith("data:") and urlparse(u).hostname != "127.0.0.1"]


def site_pages(site: Path) -> list[str]:
    """Every page of the guide (not the notebook pages, the report's assets or search)."""
    paths = ["", *(f"{p.parent.name}/" for p in site.glob("*/index.html"))]
    return sorted(p for p in paths if p not in ("notebooks/", "assets/", "search/", "404/"))


def drawn(page: Page, count: int) -> None:
    """Wait until the page's `count` diagrams are drawn and mermaid-lazy.js has sized each one."""
    page.wait_for_function(
        f"""() => {{ const hosts = [...document.querySelectorAll('div.mermaid')];
             return hosts.length >= {count} && hosts.every(h =>
               window.__shadowRoots.get(h)?.querySelector('svg')?.style.minWidth); }}""",
        timeout=20_000,
    )


def recording(page: Page) -> tuple[list[str], list[str]]:
    """The URLs `page` requests and the errors it reports (console and uncaught), as they come."""
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    return requests, errors


class Tour:
    """The pages of a built site, each visited once per width (on first use of that width)."""

    def __init__(self, browser: Browser, base_url: str, site: Path) -> None:
        self.browser, self.base_url, self.site = browser, base_url, site
        self.pages = site_pages(site)
        self._widths: dict[int, dict[str, Seen]] = {}
        # Each file's compressed size, computed once: every page downloads the same
        # stylesheets, scripts and fonts (Mermaid alone is megabytes).
        self._gzipped: dict[str, int] = {}
        self._tabs: dict[int, Page] = {}  # the one tab of each width but WEIGHED

    def at(self, width: int) -> dict[str, Seen]:
        if width not in self._widths:
            self._widths[width] = {path: self._visit(path, width) for path in self.pages}
        return self._widths[width]

    def _visit(self, path: str, width: int) -> Seen:
        """At WEIGHED, a first visit: a fresh context, whose downloads are weighed. At other
        widths the pages share one tab (a context each cost Chromium a renderer and
        Mermaid's parsing: the 390 px walk took twice the CPU), so what they download,
        which only WEIGHED's tests read, is not recorded."""
        seen = Seen(path)
        html = (self.site / path / "index.html").read_text()
        downloaded: dict[str, int] = {}
        if width == WEIGHED:
            page = self._new_tab(width)
            seen.requests, seen.errors = recording(page)
            page.on("response", lambda r: r.ok and downloaded.__setitem__(r.url, self._size(r.url, r.body)))
        else:
            if width not in self._tabs:
                self._tabs[width] = self._new_tab(width)
            page = self._tabs[width]
        try:
            if width == WEIGHED:  # all a reader's first visit downloads, to the page's end
                page.goto(f"{self.base_url}/{path}", wait_until="networkidle")
                page.evaluate(SCROLL_THROUGH)
                page.wait_for_load_state("networkidle")
                seen.gzipped = dict(downloaded)
            else:
                page.goto(f"{self.base_url}/{path}", wait_until="load")
            if count := html.count('class="mermaid"'):
                drawn(page, count)
            if formulas := html.count('class="arithmatex"'):
                page.wait_for_function(
                    f"document.querySelectorAll('.arithmatex .katex').length >= {formulas}", timeout=10_000
                )
            page.evaluate(TWO_FRAMES)
            seen.unrendered = page.locator("pre.mermaid").count()
            seen.diagrams = page.evaluate(MEASURE_DIAGRAMS)
            seen.katex_errors = page.locator(".katex-error").count()
            seen.prose = page.evaluate(PROSE)
            seen.outputs = page.evaluate(MEASURE_OUTPUTS)
            seen.figures = page.evaluate(SHOWN_FIGURES)
        except Error as error:
            seen.failure = str(error).splitlines()[0]
        finally:
            if width == WEIGHED:
                page.context.close()
        return seen

    def _new_tab(self, width: int) -> Page:
        """A tab in a fresh context (no cache) that keeps the shadow roots pages attach."""
        context = self.browser.new_context(viewport={"width": width, "height": 900})
        context.add_init_script(KEEP_SHADOW_ROOTS)
        return context.new_page()

    def _size(self, url: str, body) -> int:  # body: the response's body(), read only once per URL
        if url not in self._gzipped:
            self._gzipped[url] = len(gzip.compress(body()))
        return self._gzipped[url]


# Both widths the tests check: a desktop's and a phone's.
WIDTHS = (1280, 390)


class Walked:
    """What the walk saw (see :func:`main`), as the tests ask for it: ``tour.at(width)``."""

    def __init__(self, found: dict[str, dict[str, dict]]) -> None:
        self._widths = {int(w): {p: Seen(**seen) for p, seen in pages.items()} for w, pages in found.items()}

    def at(self, width: int) -> dict[str, Seen]:
        return self._widths[width]


def main(site: Path, out: Path) -> None:
    """Every page of `site` at each of WIDTHS, what each showed to `out` as JSON."""
    with chromium() as browser, serving(site) as url:
        tour = Tour(browser, url, site)
        found = {width: {path: asdict(seen) for path, seen in tour.at(width).items()} for width in WIDTHS}
    out.write_text(json.dumps(found))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
