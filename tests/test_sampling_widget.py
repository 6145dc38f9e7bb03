"""The sampling widget (docs/output_head.md, docs/javascripts/sampling.js) in a real
browser: for each setting of its controls it shows the numbers that transformers' own
warpers give for the logits the page carries, and it opens on the page's printed ones."""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Iterator

import numpy as np
import pytest
import torch
from playwright.sync_api import Browser, Page
from test_browser import Visit
from transformers import LogitsProcessorList, TemperatureLogitsWarper, TopKLogitsWarper, TopPLogitsWarper

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDGET = '.snipexec-widget[data-type="tested-transformer.sampling"]'
ROWS = 15  # bars the widget draws
ROW = ".sampling-row:not(.sampling-head)"


@pytest.fixture(scope="module")
def sampling(browser: Browser, base_url: str) -> Iterator[Visit]:
    visit = Visit(browser, f"{base_url}/output_head/")
    visit.page.wait_for_selector(f"{WIDGET}.sampling-ready {ROW}", timeout=20_000)
    yield visit
    visit.context.close()


def _data(page: Page) -> dict:
    """The logits as the page embeds them (what the build computed), read from the DOM."""
    return json.loads(page.locator(f"{WIDGET} > script[type='application/json']").text_content())


def _expected(data: dict, prompt: int, T: float, top_k: int, top_p: float) -> dict:
    """The distribution generate() samples from, by transformers' warpers in float64 (as
    the page's sample_distribution), from the page's data alone."""
    entry = data["prompts"][prompt]
    z = torch.from_numpy(np.frombuffer(base64.b64decode(entry["logits"]), dtype="<f4").copy())
    warpers = LogitsProcessorList(
        [TemperatureLogitsWarper(T), TopKLogitsWarper(top_k), TopPLogitsWarper(top_p)]
    )
    q = warpers(None, z.double()[None])[0].softmax(dim=-1)
    p_T = (z.double() / T - entry["log_Z"][data["temperatures"].index(T)]).exp()
    kept = q > 0
    entropy = -(q * q.clamp_min(1e-30).log2()).sum().item()
    return {
        "q": q.tolist(),
        "p_T": p_T.tolist(),
        "survivors": int(kept.sum()),
        "entropy": entropy,
        "kept_mass": p_T[kept].sum().item(),
        "summary": (
            f"T = {T:.2f}, top-k {top_k}, top-p {top_p:.2f}: {int(kept.sum())} token"
            f"{'' if kept.sum() == 1 else 's'} survive{'s' if kept.sum() == 1 else ''},"
            f" entropy {abs(entropy) if abs(entropy) < 0.005 else entropy:.2f} bits."
            f" Before the cut they held {p_T[kept].sum().item():.3f} of the probability."
        ),
    }


def _set(page: Page, field: str, value: str) -> None:
    """Set a control as a reader's drag or choice does: its value, then an input event."""
    page.locator(f"{WIDGET} .sampling-field-{field} :is(input, select)").evaluate(
        "(el, v) => { el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); }", value
    )


def _shown(page: Page) -> dict:
    root = page.locator(WIDGET)
    rows = page.locator(f"{WIDGET} {ROW}")
    return {
        "survivors": int(root.get_attribute("data-survivors")),
        "entropy": float(root.get_attribute("data-entropy")),
        "kept_mass": float(root.get_attribute("data-kept-mass")),
        "q": [float(x) for x in rows.evaluate_all("rs => rs.map(r => r.dataset.p)")],
        "p_T": [float(x) for x in rows.evaluate_all("rs => rs.map(r => r.dataset.pT)")],
        # the value as the eye reads it (without the words for screen readers before it)
        "values": page.locator(f"{WIDGET} {ROW} .sampling-p").evaluate_all(
            "ps => ps.map(p => p.lastChild.textContent)"
        ),
        "summary": page.inner_text(f"{WIDGET} .sampling-summary"),
    }


def _assert_matches(shown: dict, want: dict) -> None:
    assert shown["survivors"] == want["survivors"]
    assert shown["summary"] == want["summary"]
    assert shown["entropy"] == pytest.approx(want["entropy"], abs=1e-9)
    assert shown["kept_mass"] == pytest.approx(want["kept_mass"], abs=1e-12)
    assert shown["q"] == pytest.approx(want["q"][:ROWS], abs=1e-12)
    assert shown["p_T"] == pytest.approx(want["p_T"][:ROWS], rel=1e-9)
    n = min(ROWS, want["survivors"])
    assert shown["values"][:n] == [f"{v:.3f}" for v in want["q"][:n]]
    assert all(v.startswith("cut by top-") for v in shown["values"][n:])


def test_widget_opens_on_the_setting_the_page_printed(sampling: Visit):
    page = sampling.page
    data = _data(page)
    start = data["start"]
    _assert_matches(_shown(page), _expected(data, 0, start["T"], start["top_k"], start["top_p"]))
    # the same sentence as sample_distribution's printout above it on the page
    said = page.inner_text(f"{WIDGET} .sampling-summary").split(" Before")[0].rstrip(".")
    printed = page.locator(".snippet-output", has_text="tokens survive").first.inner_text()
    assert said in printed
    assert sampling.errors == [] and sampling.foreign_requests() == []


SETTINGS = [  # (prompt, T, top-k, top-p): narrow and wide, each cut binding somewhere
    (1, 0.7, 50, 0.9),
    (2, 1.5, 200, 0.95),
    (3, 2.0, 200, 1.0),
    (1, 0.35, 7, 0.5),
    (0, 0.05, 200, 1.0),
    (2, 1.25, 3, 0.2),
]


@pytest.mark.parametrize(("prompt", "T", "top_k", "top_p"), SETTINGS)
def test_widget_shows_what_the_warpers_give_for_the_pages_data(
    sampling: Visit, prompt: int, T: float, top_k: int, top_p: float
):
    page = sampling.page
    _set(page, "prompt", str(prompt))
    _set(page, "t", str(T))
    _set(page, "k", str(top_k))
    _set(page, "p", str(top_p))
    _assert_matches(_shown(page), _expected(_data(page), prompt, T, top_k, top_p))
    assert sampling.errors == []


def test_widget_is_keyboard_operable_and_announces_its_values(sampling: Visit):
    page = sampling.page
    data = _data(page)
    _set(page, "prompt", "1")
    _set(page, "t", "1")
    _set(page, "k", "50")
    _set(page, "p", "0.9")
    page.locator(f"{WIDGET} .sampling-field-t input").focus()
    page.keyboard.press("ArrowRight")  # one step: T = 1.05
    _assert_matches(_shown(page), _expected(data, 1, 1.05, 50, 0.9))
    page.keyboard.press("Home")  # the coldest temperature
    _assert_matches(_shown(page), _expected(data, 1, data["temperatures"][0], 50, 0.9))
    page.keyboard.press("Tab")  # to top-k
    page.keyboard.press("End")
    _assert_matches(_shown(page), _expected(data, 1, data["temperatures"][0], data["N"], 0.9))
    t = page.locator(f"{WIDGET} .sampling-field-t input")
    assert t.get_attribute("aria-valuetext") == f"T = {data['temperatures'][0]:.2f}"
    assert page.get_attribute(f"{WIDGET} .sampling-summary", "aria-live") == "polite"
    # every control has a visible label naming it
    for name in ("Prompt", "Temperature T", "top-k", "top-p"):
        assert page.get_by_label(name).count() >= 1


def test_widget_data_fits_its_budget_and_the_fallback_steps_aside(sampling: Visit):
    page = sampling.page
    script = page.locator(f"{WIDGET} > script[type='application/json']").text_content()
    assert len(gzip.compress(script.encode())) <= 100 * 1024
    assert page.locator(f"{WIDGET} > .snippet-figure").is_hidden()
    assert page.locator(".sampling").count() == 1


def test_sampling_notebook_shows_the_fallback_figure(browser: Browser, base_url: str):
    notebook = Visit(browser, f"{base_url}/notebooks/output_head/")
    # the widget's figure: the notebook's last one (no later snippet draws)
    figure = notebook.page.locator(".jp-RenderedSVG img").last
    figure.scroll_into_view_if_needed()
    assert figure.evaluate("img => img.decode().then(() => img.naturalWidth)") > 300
    assert notebook.page.locator(".snipexec-widget, .sampling").count() == 0
    assert notebook.errors == [] and notebook.foreign_requests() == []
    notebook.context.close()
