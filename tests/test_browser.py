"""The built guide in a real browser: headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from conftest import CHAPTERS, ROOT
from playwright.sync_api import Browser, Page
from tour import KEEP_SHADOW_ROOTS, MEASURE_DIAGRAMS, Walked, drawn, recording

from snipexec.collect import split_cell

CHROMIUM = "/usr/bin/chromium"
# Material swaps each <pre class="mermaid"> source for a <div class="mermaid"> whose
# (closed) shadow root holds the rendered SVG, so the host element is what we can see.
MERMAID_DONE = "div.mermaid"
pytestmark = [pytest.mark.browser, pytest.mark.slow]


class Visit:
    """A page opened in a fresh context that records requests and console errors."""

    def __init__(self, browser: Browser, url: str) -> None:
        self.context = browser.new_context()
        self.page: Page = self.context.new_page()
        self.requests, self.errors = recording(self.page)
        self.page.goto(url, wait_until="networkidle")

    def foreign_requests(self) -> list[str]:
        return [
            u
            for u in self.requests
            if not u.startswith("data:") and urlparse(u).hostname not in ("127.0.0.1", "localhost")
        ]


@pytest.fixture(scope="module")
def attention(browser: Browser, base_url: str) -> Iterator[Visit]:
    visit = Visit(browser, f"{base_url}/attention/")
    visit.page.wait_for_selector(MERMAID_DONE, timeout=20_000)
    yield visit
    visit.context.close()


def test_math_is_rendered_by_katex(attention: Visit):
    page = attention.page
    assert page.locator(".katex").count() > 5
    assert page.locator(".katex-error").count() == 0
    assert "$$" not in page.inner_text("article")


def test_mermaid_diagram_is_rendered_as_svg(attention: Visit):
    page = attention.page
    assert page.locator("pre.mermaid").count() == 0, "diagram source left unrendered"
    diagram = page.locator("div.mermaid").first
    box = diagram.bounding_box()
    assert box is not None and box["height"] > 100 and box["width"] > 200


def test_outputs_and_figure_are_present(attention: Visit):
    page = attention.page
    assert page.locator(".snippet-output").count() >= 5
    figure = page.locator(".snippet-figure img:visible").first
    figure.scroll_into_view_if_needed()
    # decode() waits until the (lazy) image has loaded, and fails if it cannot.
    assert figure.evaluate("img => img.decode().then(() => img.naturalWidth)") > 100


def test_copy_button_copies_exactly_the_snippet(attention: Visit):
    page = attention.page
    attention.context.grant_permissions(["clipboard-read", "clipboard-write"])
    assert page.locator("button.md-code__button[data-md-type=copy]").count() >= 6
    block = page.locator("div.highlight:has(span.filename:text-is('snippets/attention/scores.py'))")
    button = block.locator("button[data-md-type=copy]")
    button.scroll_into_view_if_needed()
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    code, _ = split_cell((ROOT / "snippets/attention/scores.py").read_text())
    assert copied.strip() == code.strip()


def test_dark_mode_toggles(attention: Visit):
    page = attention.page
    before = page.get_attribute("body", "data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_timeout(300)
    after = page.get_attribute("body", "data-md-color-scheme")
    assert {before, after} == {"default", "slate"}


def _shown_figures(page: Page) -> list[str]:
    """The address of the one image each figure shows, after loading it (they are lazy)."""
    shown = []
    for figure in page.locator(".snippet-figure").all():
        figure.scroll_into_view_if_needed()
        visible = figure.locator("img:visible")
        assert visible.count() == 1, "each figure shows exactly one render"
        # decode() waits until the (lazy) image has loaded, and fails if it cannot.
        assert visible.evaluate("img => img.decode().then(() => img.naturalWidth)") > 100
        shown.append(visible.get_attribute("src") or "")
    return shown


def test_toggling_the_palette_swaps_every_figure(browser: Browser, base_url: str):
    visit = Visit(browser, f"{base_url}/positions/")
    page = visit.page
    light = _shown_figures(page)
    assert len(light) >= 2 and all(src.endswith("#only-light") for src in light)
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    dark = _shown_figures(page)
    assert all(src.endswith("#only-dark") for src in dark) and len(dark) == len(light)
    assert not set(light) & set(dark), "the dark render is another file"
    assert visit.errors == [] and visit.foreign_requests() == []
    visit.context.close()


def test_no_console_errors_and_no_request_leaves_localhost(attention: Visit, browser: Browser, base_url: str):
    assert attention.errors == []
    assert attention.foreign_requests() == []
    home = Visit(browser, f"{base_url}/")
    # Instant navigation to the chapter must render math and diagrams again.
    home.page.click("a[href$='attention/']")
    home.page.wait_for_selector(MERMAID_DONE, timeout=20_000)
    assert home.page.locator(".katex").count() > 5
    assert home.errors == [] and home.foreign_requests() == []
    home.context.close()


def test_notebook_page_renders_and_downloads(browser: Browser, base_url: str):
    chapter = Visit(browser, f"{base_url}/attention/")
    download = chapter.page.locator(".chapter-notebook a[download]")
    href = download.get_attribute("href")
    response = chapter.page.request.get(urljoin(f"{base_url}/attention/", href))
    assert response.ok and response.json()["nbformat"] == 4
    chapter.page.click(".chapter-notebook a:text('Read as notebook')")
    chapter.page.wait_for_selector(".jp-CodeCell", timeout=20_000)
    assert chapter.page.locator(".jp-CodeCell").count() >= 6
    # The notebook's stylesheets are linked files (snipexec.notebook.link_stylesheets):
    # styled after the instant navigation that click made, and after a load of its own.
    for _ in ("after the instant navigation", "after a load of its own"):
        chapter.page.wait_for_function(
            "getComputedStyle(document.querySelector('.jp-InputArea')).display === 'flex'", timeout=10_000
        )
        chapter.page.reload()
        chapter.page.wait_for_selector(".jp-CodeCell", timeout=20_000)
    # Headings such as "why divide by $\sqrt{d_k}$" are math: KaTeX renders it here too.
    chapter.page.wait_for_selector(".jp-MarkdownCell .katex", timeout=10_000)
    assert chapter.page.locator(".katex-error").count() == 0
    assert chapter.errors == [] and chapter.foreign_requests() == []
    chapter.context.close()


def test_execution_report_sorts_by_wall_time_on_click(browser: Browser, base_url: str):
    report = Visit(browser, f"{base_url}/execution/")
    table = report.page.locator(".execution-report table").first
    rows = table.locator("tbody tr")
    assert rows.count() >= 10, "one row per chapter"

    def wall_times() -> list[float]:
        return [float(t) for t in table.locator("tbody tr td:nth-child(4)").all_inner_texts()]

    table.locator("th:text-is('Wall time (s)')").click()
    first = wall_times()
    table.locator("th:text-is('Wall time (s)')").click()  # again: the other direction
    second = wall_times()
    assert {tuple(first), tuple(second)} == {tuple(sorted(first)), tuple(sorted(first, reverse=True))}
    assert first != second
    assert report.errors == [] and report.foreign_requests() == []
    report.context.close()


def test_every_page_renders_its_diagrams_and_math_and_only_diagram_pages_load_mermaid(
    tour: Walked, built_site: Path
):
    """Each page of the guide, on a first visit: every diagram drawn, every formula typeset
    by KaTeX without error, no raw TeX left, Mermaid requested only where a diagram is, no
    console error and no request to another host."""
    pages = tour.at(1280)
    diagrams = {
        path: (built_site / path / "index.html").read_text().count('class="mermaid"') for path in pages
    }
    assert len(pages) >= 15 and sum(1 for n in diagrams.values() if n == 0) >= 2
    for path, seen in pages.items():
        assert seen.failure is None, f"/{path}: {seen.failure}"
        assert seen.unrendered == 0, f"/{path}: a diagram source left unrendered"
        assert len(seen.diagrams) == diagrams[path], (
            f"/{path}: {len(seen.diagrams)} of {diagrams[path]} drawn"
        )
        for diagram in seen.diagrams:
            assert diagram["height"] > 20 and diagram["width"] > 100, f"/{path}: {diagram}"
        mermaid = [u for u in seen.requests if "/vendor/mermaid/" in u]
        assert bool(mermaid) == bool(diagrams[path]), f"/{path}: Mermaid requested {len(mermaid)} times"
        assert seen.katex_errors == 0, f"/{path}"
        assert "$$" not in seen.prose and "\\(" not in seen.prose, f"/{path}: TeX left as text"
        assert seen.errors == [] and seen.foreign_requests() == [], (
            f"/{path}: {seen.errors} {seen.foreign_requests()}"
        )


def test_mermaid_loads_only_where_a_diagram_is_and_never_from_a_cdn(browser: Browser, base_url: str):
    glossary = Visit(browser, f"{base_url}/glossary/")  # a page without a diagram
    assert glossary.page.locator("pre.mermaid, div.mermaid").count() == 0
    assert not [u for u in glossary.requests if "/vendor/mermaid/" in u], "no Mermaid without a diagram"
    # Instant navigation to a chapter with diagrams loads the self-hosted file and draws them.
    glossary.page.click("a[href*='attention/']")
    glossary.page.wait_for_selector(MERMAID_DONE, timeout=20_000)
    assert glossary.page.locator("pre.mermaid").count() == 0, "every diagram source was rendered"
    assert [u for u in glossary.requests if u.endswith("vendor/mermaid/mermaid.esm.min.mjs")]
    assert glossary.errors == [] and glossary.foreign_requests() == []
    glossary.context.close()


# --- every diagram legible (docs/javascripts/mermaid-lazy.js, extra.css) ---------------


@pytest.mark.parametrize(("width", "smallest"), [(1280, 12), (390, 11)])
def test_every_diagram_keeps_its_text_legible_on_a_desktop_and_a_phone(
    tour: Walked, width: int, smallest: int
):
    """Mermaid scales a diagram down to the column; its text may not end up smaller than
    `smallest` CSS px. A diagram wider than the column scrolls sideways instead, and then
    says so with a visible cue."""
    pages = {path: seen for path, seen in tour.at(width).items() if seen.diagrams or seen.failure}
    assert len(pages) >= 10
    too_small, silent_scroll = [], []
    for path, seen in pages.items():
        assert seen.failure is None, f"/{path} at {width} px: {seen.failure}"
        for index, diagram in enumerate(seen.diagrams):
            name = f"/{path} diagram {index} ({diagram['first']!r})"
            if diagram["px"] < smallest - 0.05:  # sub-pixel rounding of the minimum width
                too_small.append(f"{name}: {diagram['px']:.1f} px")
            if diagram["scrolls"] and "scroll" not in diagram["cue"]:
                silent_scroll.append(name)
    assert not too_small, f"text below {smallest} px at {width} px wide: {too_small}"
    assert not silent_scroll, f"scrolls sideways without a cue at {width} px wide: {silent_scroll}"


def test_home_page_chapter_map_links_every_box_to_its_chapter(
    browser: Browser, base_url: str, built_site: Path
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(KEEP_SHADOW_ROOTS)
    page = context.new_page()
    page.goto(f"{base_url}/", wait_until="load")
    drawn(page, (built_site / "index.html").read_text().count('class="mermaid"'))
    links = page.evaluate(
        """() => [...window.__shadowRoots.values()].flatMap(root => [...root.querySelectorAll('svg a')])
               .map(a => ({label: a.textContent.trim(),
                           href: a.getAttribute('xlink:href') ?? a.getAttribute('href')}))"""
    )
    chapters = {urlparse(urljoin(f"{base_url}/", link["href"])).path.strip("/") for link in links}
    assert len(links) >= 15 and len(chapters) == len(links), links
    assert all((built_site / chapter / "index.html").exists() for chapter in chapters), links
    # A click on a box (inside Material's shadow root) opens its chapter.
    box = page.evaluate(
        """() => { const a = [...window.__shadowRoots.values()].flatMap(r => [...r.querySelectorAll('svg a')])
                     .find(a => a.textContent.trim() === 'Attention');
                   a.scrollIntoView({block: 'center'});
                   const r = a.getBoundingClientRect();
                   return {x: r.x + r.width / 2, y: r.y + r.height / 2}; }"""
    )
    page.mouse.click(box["x"], box["y"])
    page.wait_for_url(f"{base_url}/attention/", timeout=10_000)
    context.close()


@pytest.mark.parametrize("chapter", ["attention", "real_model", "tokens"])
def test_notebook_outputs_render_formulas_and_code_is_not_math(browser: Browser, base_url: str, chapter: str):
    notebook = Visit(browser, f"{base_url}/notebooks/{chapter}/")
    # A snippet's displayed Markdown math (display(Markdown(...))) is rendered, not shown as LaTeX.
    notebook.page.wait_for_selector(".jp-OutputArea-output .katex", timeout=20_000)
    # Code cells keep their `$` (real_model's f-strings): KaTeX leaves the copy text alone.
    assert notebook.page.locator(".clipboard-copy-txt .katex").count() == 0
    assert notebook.page.locator(".katex-error").count() == 0
    assert notebook.errors == [] and notebook.foreign_requests() == []
    notebook.context.close()


# --- the attention atlas (docs/atlas.md, docs/javascripts/atlas.js) -------------------

ATLAS = '.snipexec-widget[data-type="tested-transformer.attention"]'


@pytest.fixture(scope="module")
def atlas(browser: Browser, base_url: str) -> Iterator[Visit]:
    visit = Visit(browser, f"{base_url}/atlas/")
    visit.page.wait_for_selector(f"{ATLAS} .atlas-thumb", timeout=20_000)
    yield visit
    visit.context.close()


def _atlas_data(page: Page) -> dict:
    """The weights as the page embeds them (what the build computed), read from the DOM."""
    return json.loads(page.locator(f"{ATLAS} > script[type='application/json']").text_content())


def _weight_text(data: dict, model: dict, sentence: int, layer: int, head: int, i: int, j: int) -> str:
    """What the widget must show for A[layer, head, i, j]: two decimals, or "later" where
    the causal mask hides key j from query i."""
    if model["causal"] and j > i:
        return "later"
    n = len(model["sentences"][sentence]["tokens"])
    stored = base64.b64decode(model["sentences"][sentence]["A"])
    return f"{stored[((layer * model['n_h'] + head) * n + i) * n + j] / data['scale']:.2f}"


def _pick(page: Page, model: str, layer: int, head: int) -> None:
    page.locator(".atlas-model-choice", has_text=model).click()
    page.select_option(".atlas-field:has-text('Layer') select", str(layer))
    page.select_option(".atlas-field:has-text('Head') select", str(head))


@pytest.mark.parametrize("model_name", ["MiniLM", "SmolLM2"])
def test_atlas_shows_the_stored_weights_of_a_hovered_or_focused_token(atlas: Visit, model_name: str):
    page = atlas.page
    data = _atlas_data(page)
    model = next(m for m in data["models"] if m["name"] == model_name)
    tokens = model["sentences"][0]["tokens"]
    layer, head = model["layers"] - 2, 1  # not the head the atlas opens with
    assert [layer, head] != model["start"]
    _pick(page, model_name, layer, head)
    it, animal = tokens.index("it"), tokens.index("animal")

    # Hover a query: each key shows how much weight that query gives it.
    page.locator(f".atlas-queries .atlas-token[data-index='{it}']").hover()
    shown = page.locator(".atlas-keys .atlas-w").all_inner_texts()
    assert shown == [_weight_text(data, model, 0, layer, head, it, j) for j in range(len(tokens))]
    assert page.locator(".atlas-lines line").count() > 0

    # Focus a key (keyboard): each query shows how much weight it gives that key.
    page.locator(f".atlas-keys .atlas-token[data-index='{animal}']").focus()
    shown = page.locator(".atlas-queries .atlas-w").all_inner_texts()
    assert shown == [_weight_text(data, model, 0, layer, head, i, animal) for i in range(len(tokens))]
    # The arrow key moves to the next key, and the weights follow.
    page.keyboard.press("ArrowDown")
    shown = page.locator(".atlas-queries .atlas-w").all_inner_texts()
    assert shown == [_weight_text(data, model, 0, layer, head, i, animal + 1) for i in range(len(tokens))]
    if model["causal"]:  # the first query cannot see "animal": the causal triangle
        assert shown[0] == "later"
        assert page.locator(".atlas-matrix .atlas-future").count() == len(tokens) * (len(tokens) - 1) // 2
    else:
        assert "later" not in shown and page.locator(".atlas-matrix .atlas-future").count() == 0
    assert atlas.errors == [] and atlas.foreign_requests() == []


def test_atlas_model_view_opens_a_head_on_click_and_on_enter(atlas: Visit):
    page = atlas.page
    page.locator(".atlas-model-choice", has_text="SmolLM2").click()
    assert page.locator(".atlas-thumb").count() == 30 * 9
    assert page.locator(".atlas-kv").all_inner_texts() == ["K/V head 0", "K/V head 1", "K/V head 2"]
    page.locator(".atlas-thumb[data-layer='4'][data-head='5']").click()
    assert page.input_value(".atlas-field:has-text('Layer') select") == "4"
    assert page.input_value(".atlas-field:has-text('Head') select") == "5"
    assert "Shares key/value head 1 with heads 3, 4, 5" in page.inner_text(".atlas-caption")
    assert page.locator(".atlas-thumb.atlas-current").count() == 1
    # Keyboard: the grid is one tab stop; arrows move, Enter opens.
    thumb = page.locator(".atlas-thumb[data-layer='4'][data-head='5']")
    assert thumb.get_attribute("tabindex") == "0"
    thumb.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    assert page.input_value(".atlas-field:has-text('Layer') select") == "5"
    assert page.input_value(".atlas-field:has-text('Head') select") == "6"
    assert "Shares key/value head 2 with heads 6, 7, 8" in page.inner_text(".atlas-caption")
    assert atlas.errors == [] and atlas.foreign_requests() == []


def test_atlas_mounts_once_after_instant_navigation_and_hides_its_fallback(browser: Browser, base_url: str):
    visit = Visit(browser, f"{base_url}/real_model/")
    visit.page.click("a.md-footer__link--next[href$='atlas/']")  # instant navigation
    visit.page.wait_for_selector(f"{ATLAS} .atlas-thumb", timeout=20_000)
    visit.page.click("a.md-footer__link--prev[href$='real_model/']")
    visit.page.wait_for_selector("h1:text('Reading a real model')")
    visit.page.go_back()
    visit.page.wait_for_selector(f"{ATLAS} .atlas-thumb", timeout=20_000)
    assert visit.page.locator(".atlas").count() == 1
    assert visit.page.locator(f"{ATLAS} > .snippet-figure").is_hidden()
    assert visit.errors == [] and visit.foreign_requests() == []
    visit.context.close()


def test_atlas_notebook_shows_the_fallback_figure(browser: Browser, base_url: str):
    notebook = Visit(browser, f"{base_url}/notebooks/atlas/")
    figure = notebook.page.locator(".jp-RenderedSVG img").last
    figure.scroll_into_view_if_needed()
    assert figure.evaluate("img => img.complete && img.naturalWidth > 300")
    assert notebook.errors == [] and notebook.foreign_requests() == []
    notebook.context.close()


def test_figures_keep_their_drawn_size_on_a_phone_and_say_when_they_scroll(browser: Browser, base_url: str):
    """At 390 px a figure is not shrunk (its text would fall to 5-7 px): it keeps the size
    it was drawn at, scrolls sideways, and shows the "scroll →" cue (extra.css, figures.js)."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"{base_url}/block/", wait_until="networkidle")
    figures = page.query_selector_all(".snippet-figure")
    assert figures, "the block chapter has figures"
    for figure in figures:
        figure.scroll_into_view_if_needed()
        page.wait_for_function(
            "f => [...f.querySelectorAll('img')].some(i => i.complete && i.naturalWidth > 0)", arg=figure
        )
        shown = figure.evaluate(
            """f => [...f.querySelectorAll('img')].filter(i => i.offsetParent !== null)
                   .map(i => [i.getBoundingClientRect().width, i.naturalWidth,
                              f.scrollWidth > f.clientWidth, f.classList.contains('figure-scrolls')])"""
        )
        for width, natural, wider, cue in shown:
            assert width >= natural, f"a figure is shrunk to {width:.0f} px of its {natural} px"
            assert cue == wider, "a figure wider than the column must say 'scroll →' (and only then)"
    context.close()


def test_punctuation_after_inline_math_never_starts_a_line_alone(browser: Browser, base_url: str):
    """A ":" or "," right after a formula stays on the formula's line (katex-init.js wraps
    the two in a span that does not break): the history chapter had lone colons."""
    visit = Visit(browser, f"{base_url}/history/")
    loose, wrapped = visit.page.evaluate(
        """() => {
          let loose = 0;
          for (const m of document.querySelectorAll('article span.arithmatex')) {
            const n = m.nextSibling;
            const kept = m.parentElement.classList.contains('math-nowrap');
            if (n && n.nodeType === 3 && /^[:;,.]/.test(n.data) && !kept) loose++;
          }
          const nowrap = [...document.querySelectorAll('.math-nowrap')]
            .every(s => getComputedStyle(s).whiteSpace === 'nowrap');
          return [loose, nowrap && document.querySelectorAll('.math-nowrap').length];
        }"""
    )
    visit.context.close()
    assert loose == 0, f"{loose} formulas have punctuation after them that may wrap alone"
    assert wrapped, "no formula was kept with its punctuation"


def test_notebook_diagrams_are_drawn_at_a_legible_size_with_their_line_breaks(
    browser: Browser, base_url: str, built_site: Path
):
    """nbconvert's stylesheet hid each diagram's wrapper (drawn 0x0), and its unescaped
    <br/> lost a label's line break: snipexec.notebook.plain_mermaid."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(KEEP_SHADOW_ROOTS)
    count = (built_site / "notebooks" / "block" / "index.html").read_text().count('<pre class="mermaid">')
    page.goto(f"{base_url}/notebooks/block/", wait_until="networkidle")
    assert count >= 1, "the block notebook draws its diagrams"
    drawn(page, count)
    for diagram in page.locator("div.mermaid").all():
        box = diagram.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 100, box
    assert all(d["px"] >= 12 for d in page.evaluate(MEASURE_DIAGRAMS))
    labels = page.evaluate(
        "() => [...window.__shadowRoots.values()].flatMap(r => [...r.querySelectorAll('.nodeLabel')])"
        ".map(n => n.innerHTML)"
    )
    assert any("<br>" in label for label in labels), "a label's line break reached Mermaid"
    context.close()


def test_notebook_folds_the_code_the_notebook_folds(browser: Browser, base_url: str, built_site: Path):
    """nbconvert ignores jupyter.source_hidden: snipexec.notebook.fold_hidden_sources."""
    nb = json.loads((built_site / "notebooks" / "attention" / "attention.ipynb").read_text())
    hidden = [c for c in nb["cells"] if c["metadata"].get("jupyter", {}).get("source_hidden")]
    notebook = Visit(browser, f"{base_url}/notebooks/attention/")
    folds = notebook.page.locator("details.notebook-folded")
    assert hidden and folds.count() == len(hidden)
    code = folds.first.locator(".jp-InputArea")
    assert not code.is_visible()
    folds.first.locator("summary").click()
    code.wait_for(state="visible", timeout=5_000)
    assert notebook.errors == []
    notebook.context.close()


def test_output_lines_wrap_on_a_phone_and_only_columns_scroll(tour: Walked):
    """At 390 px a printed line wraps, so its end is visible (the pip line on the home page,
    the atlas's token lists, the overview's module printout); a printout in columns (a
    tensor, a padded table) keeps its lines, scrolls and says "scroll →" (extra.css,
    figures.js)."""
    pages = tour.at(390)
    run_off, silent, scrolled_columns = [], [], 0
    shown: dict[str, list[dict]] = {}
    for chapter in [c.name for c in CHAPTERS]:
        path = "" if chapter == "index" else f"{chapter}/"
        assert pages[path].failure is None, f"/{path}: {pages[path].failure}"
        shown[chapter] = outputs = pages[path].outputs
        for output in outputs:
            name = f"/{path}: {output['first']!r}"
            if output["overflows"] and not output["columns"]:
                run_off.append(name)
            if output["overflows"] and "scroll" not in output["cue"]:
                silent.append(name)
            scrolled_columns += output["overflows"] and output["columns"]
    assert not run_off, f"{len(run_off)} outputs run off the right edge at 390 px: {run_off}"
    assert not silent, f"outputs scroll without a cue: {silent}"
    assert scrolled_columns >= 5, "tensors and tables keep their columns (and scroll) on a phone"
    named = {
        "index": "pip install",
        "atlas": "16 tokens: [CLS] | the",
        "overview": "(out_proj): NonDynamicallyQuantizableLinear",
    }
    for chapter, words in named.items():
        output = next(o for o in shown[chapter] if words in o["text"])
        assert not output["columns"] and not output["overflows"], (chapter, output["first"])


def test_every_chapter_page_weighs_at_most_a_mebibyte_gzipped_cold(tour: Walked):
    """Compressed as a server would send it, a chapter's first visit (scrolled to the end,
    so that every lazy figure loads) downloads at most 1 MiB (issue #23's budget)."""
    pages = tour.at(1280)
    heavy = []
    for chapter in [c.name for c in CHAPTERS]:
        seen = pages["" if chapter == "index" else chapter + "/"]
        assert seen.failure is None and seen.gzipped, f"/{seen.path}: {seen.failure}"
        if sum(seen.gzipped.values()) > 1024 * 1024:
            biggest = sorted(seen.gzipped.items(), key=lambda kv: -kv[1])[:3]
            heavy.append(f"{chapter}: {sum(seen.gzipped.values()) / 1024:.0f} KiB, most in {biggest}")
    assert not heavy, "\n".join(heavy)
