"""Every figure of the guide reads in both palettes (WCAG 2.x contrast, issue 23 §4).

Each page shows a figure twice: its light render (`#only-light`, on Material's white page)
and the dark copy made by ``snipexec.figures`` (`#only-dark`, on Material's slate page,
``--md-default-bg-color`` with the default hue 232: #1e2029). In each render:

- text has a contrast of at least 4.5:1 with what is drawn beneath it (a heatmap's cell,
  a label's box, the page): Chromium draws the SVG with its text hidden, and the colour
  most of the text's box then shows is the one it is read against;
- marks and lines (plotted lines, markers, bars, outlines: every filled or stroked shape
  that is not paper) have at least 3:1 with the page, read from the SVG's own styles.

Heatmap images are data, not marks: a cell near zero may be the page's own colour.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page

PAGE = {"light": "#ffffff", "dark": "#1e2029"}  # Material's default and slate backgrounds
TEXT_MIN, MARK_MIN = 4.5, 3.0  # WCAG AA for text; 1.4.11 for graphical objects
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


@dataclass(frozen=True)
class Figure:
    page: str  # e.g. "attention"
    number: int  # 1 = the page's first figure
    palette: str  # "light" or "dark"
    path: Path

    def __str__(self) -> str:
        return f"{self.page}: figure {self.number} ({self.palette}, {self.path.name})"


def site_figures(site: Path) -> list[Figure]:
    """Every figure render of every page, in page order."""
    found = []
    for html in sorted(site.glob("**/index.html")):
        page = html.parent.relative_to(site).as_posix() or "home"
        if page.startswith("notebooks"):
            continue  # notebooks show the light render of the same figures
        numbers = {"light": 0, "dark": 0}
        for name, palette in re.findall(
            r'src="[^"]*assets/figures/([0-9a-f]+\.svg)#only-(light|dark)"', html.read_text()
        ):
            numbers[palette] += 1
            found.append(Figure(page, numbers[palette], palette, site / "assets" / "figures" / name))
    return found


# -- colour arithmetic (WCAG 2.x) ------------------------------------------------------


def rgb(color: str) -> tuple[float, float, float]:
    color = color.strip()
    if color.startswith("#"):
        hexa = color[1:]
        if len(hexa) == 3:
            hexa = "".join(c * 2 for c in hexa)
        return tuple(int(hexa[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
    numbers = [float(x) for x in re.findall(r"[\d.]+", color)[:3]]  # rgb(r, g, b)
    return tuple(x / 255 for x in numbers)  # type: ignore[return-value]


def over(color: tuple[float, ...], alpha: float, below: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(alpha * c + (1 - alpha) * b for c, b in zip(color, below, strict=True))


def luminance(color: tuple[float, ...]) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def hexa(color: tuple[float, ...]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in color)


def test_contrast_arithmetic_matches_wcag():
    assert contrast(rgb("#000"), rgb("#fff")) == pytest.approx(21)
    assert contrast(rgb("#777777"), rgb("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert hexa(over(rgb("#000000"), 0.5, rgb("#ffffff"))) == "#808080"


# -- marks and lines: from the SVG's styles --------------------------------------------


def style(element: ET.Element) -> dict[str, str]:
    pairs = (part.split(":", 1) for part in element.get("style", "").split(";") if ":" in part)
    return {key.strip(): value.strip() for key, value in pairs}


def painted(
    element: ET.Element, defined: dict[str, ET.Element]
) -> list[tuple[str, tuple[float, ...], float]]:
    """('fill' or 'stroke', colour, opacity) of each visible paint of one shape."""
    props = {}
    if element.tag == f"{SVG}use":  # a marker or a collection's path: styled where defined
        target = defined.get((element.get(XLINK) or "#").lstrip("#"))
        props.update(style(target) if target is not None else {})
    props.update(style(element))
    paints = []
    for kind in ("fill", "stroke"):
        color = props.get(kind, "#000000" if kind == "fill" else "none")
        if color in ("none", "transparent") or color.startswith("url("):
            continue
        if kind == "stroke" and float(props.get("stroke-width", 1)) == 0:
            continue
        alpha = float(props.get("opacity", 1)) * float(props.get(f"{kind}-opacity", 1))
        if alpha > 0:
            paints.append((kind, rgb(color), alpha))
    return paints


def paper(root: ET.Element, defined: dict[str, ET.Element], page: tuple[float, ...]) -> set[int]:
    """The figure's and each axes' background patch, and a legend's frame (its first patch,
    filled with the page's colour): paper, not marks."""
    ids = set()
    for element in root.iter(f"{SVG}g"):
        name = element.get("id", "")
        first = next((c for c in element if c.get("id", "").startswith("patch_")), None)
        if first is None or not name.startswith(("figure_", "axes_", "legend_")):
            continue
        if name.startswith("legend_"):
            fills = [
                over(c, a, page) for shape in first for k, c, a in painted(shape, defined) if k == "fill"
            ]
            if not fills or contrast(fills[0], page) > 1.05:
                continue  # no frame (frameon=False): the first patch is a handle
        ids.add(id(first))
    return ids


SHAPES = (f"{SVG}path", f"{SVG}use", f"{SVG}rect")


def mark_failures(figure: Figure) -> list[str]:
    """Every shape that is not paper or text: its fill or its outline (whichever is
    drawn, the better of the two) has at least MARK_MIN with the page."""
    page = rgb(PAGE[figure.palette])
    root = ET.parse(figure.path).getroot()
    defined = {e.get("id"): e for e in root.iter() if e.get("id")}
    skip = paper(root, defined, page)
    failures: dict[tuple[str, str], float] = {}

    def walk(element: ET.Element, owner: str) -> None:
        name = element.get("id", "")
        if id(element) in skip or element.tag == f"{SVG}defs" or name.startswith("text_"):
            return  # paper; definitions (drawn where used); text (checked in the browser)
        if element.tag == f"{SVG}g" and name and not re.fullmatch(r"p[0-9a-f]+", name):
            owner = name  # the artist's group: patch_3, line2d_5, PathCollection_1...
        paints = painted(element, defined) if element.tag in SHAPES else []
        if paints:
            seen = [(kind, over(color, alpha, page)) for kind, color, alpha in paints]
            ratio, kind, color = max((contrast(c, page), k, c) for k, c in seen)
            if ratio < MARK_MIN:
                failures.setdefault((owner, f"{kind} {hexa(color)}"), ratio)
        for child in element:
            walk(child, owner)

    walk(root, "figure")
    return [
        f"{figure}: {owner} {paint} on page {PAGE[figure.palette]}: {ratio:.2f}:1 < {MARK_MIN}:1"
        for (owner, paint), ratio in failures.items()
    ]


# -- text: drawn by Chromium, read against the pixels beneath it ------------------------

# For each text group: its ink (all but its own bbox patch), the ink's colour, its box on
# the screen, and what it says (matplotlib writes the string as a comment); then the ink
# is hidden, so a screenshot shows what the text is read against.
TEXTS_JS = """() => {
  const found = [];
  for (const group of document.querySelectorAll('svg g[id^="text_"]')) {
    const ink = [...group.children].filter(c => !(c.id || '').startsWith('patch_'));
    const painted = ink.flatMap(c => [c, ...c.querySelectorAll('use, path')])
      .find(e => e.tagName !== 'defs' && getComputedStyle(e).fill !== 'none');
    if (!painted) continue;
    const boxes = ink.map(c => c.getBoundingClientRect()).filter(r => r.width && r.height);
    if (!boxes.length) continue;
    const comment = [...group.childNodes].find(n => n.nodeType === Node.COMMENT_NODE);
    const style = getComputedStyle(painted);
    found.push({
      id: group.id,
      says: comment ? comment.textContent.trim() : '',
      fill: style.fill,
      opacity: parseFloat(style.fillOpacity) * parseFloat(style.opacity),
      left: Math.min(...boxes.map(r => r.left)), top: Math.min(...boxes.map(r => r.top)),
      right: Math.max(...boxes.map(r => r.right)), bottom: Math.max(...boxes.map(r => r.bottom)),
    });
    for (const c of ink) c.style.visibility = 'hidden';
  }
  return found;
}"""

SCALE = 2  # device pixels per CSS pixel: thin glyph boxes still hold many pixels


@pytest.fixture(scope="module")
def tab(browser: Browser) -> Iterator[Page]:
    """One tab draws every figure: a context per figure cost Chromium a renderer each."""
    context = browser.new_context(device_scale_factor=SCALE)
    yield context.new_page()
    context.close()


def text_failures(tab: Page, figure: Figure) -> list[str]:
    page_color = PAGE[figure.palette]
    svg = figure.path.read_text()
    svg = svg[svg.index("<svg") :]  # inline: its elements are in the page's DOM
    tab.set_content(f'<body style="margin:0;background:{page_color}">{svg}</body>')
    box = tab.locator("svg").first.bounding_box()
    assert box is not None, f"{figure}: the SVG did not render"
    tab.set_viewport_size({"width": int(box["width"]) + 1, "height": int(box["height"]) + 1})
    texts = tab.evaluate(TEXTS_JS)
    shot = Image.open(io.BytesIO(tab.screenshot(full_page=True))).convert("RGB")
    page = rgb(page_color)
    failures = []
    for text in texts:
        ink = over(rgb(text["fill"]), text["opacity"], page)
        crop = shot.crop(tuple(round(text[k] * SCALE) for k in ("left", "top", "right", "bottom")))
        beneath = tuple(c / 255 for c in max(crop.getcolors(crop.width * crop.height))[1])
        ratio = contrast(ink, beneath)
        if ratio < TEXT_MIN:
            failures.append(
                f"{figure}: {text['id']} {text['says']!r} {hexa(ink)} on {hexa(beneath)}: "
                f"{ratio:.2f}:1 < {TEXT_MIN}:1"
            )
    return failures


def test_every_figure_reads_in_both_palettes(built_site: Path, tab: Page):
    figures = site_figures(built_site)
    assert {f.palette for f in figures} == {"light", "dark"}, "no figure renders found on the site"
    assert len([f for f in figures if f.palette == "dark"]) == len(
        [f for f in figures if f.palette == "light"]
    )
    failures = []
    for figure in figures:
        failures += mark_failures(figure)
        failures += text_failures(tab, figure)
    assert not failures, f"{len(failures)} contrast failures:\n" + "\n".join(failures)


def test_a_pale_label_is_reported_and_the_shared_tab_keeps_nothing(
    built_site: Path, tab: Page, tmp_path: Path
):
    """The check fails a figure whose labels are near the page's white, and the figure
    drawn next in the same tab is judged on its own."""
    first, second = [f for f in site_figures(built_site) if f.palette == "light"][:2]
    svg = first.path.read_text()
    at = svg.index(">", svg.index("<svg")) + 1
    pale = tmp_path / "pale.svg"
    pale.write_text(svg[:at] + "<style>g[id^=text_] * {fill: #f4f4f4}</style>" + svg[at:])
    assert text_failures(tab, Figure(first.page, 1, "light", pale))
    assert not text_failures(tab, second)
