"""Every figure's text is legible where the page shows it (issue 23 §1, for figures).

A figure is an ``<img>`` of an SVG that matplotlib wrote with its text as glyph paths:
each text is a group whose glyphs are drawn at ``scale(s -s)``, s = font size / 100 (the
glyph units of matplotlib's ``textpath.FONT_SCALE``), in the SVG's user units (pt, the
``viewBox``). On the page the image is drawn ``rendered width / viewBox width`` CSS px per
unit, so a text of font size f shows at ``f × that scale`` CSS px. Sub- and superscripts
are set at 70 % of their text's size, as KaTeX sets them on the page: the text's own size
is what is measured.

On a 1280 px desktop a figure wider than the column is shrunk to fit it; on a 390 px phone
figures keep their drawn size and scroll (extra.css), so the same rule holds there.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import CHAPTERS
from tour import Walked

MIN_PX = 12  # CSS px, as for diagrams on a desktop (test_browser.py)
SVG = "{http://www.w3.org/2000/svg}"
GLYPHS = re.compile(r"scale\(([\d.e-]+)[ ,]+-([\d.e-]+)\)")  # scale(s -s): a text's glyphs
pytestmark = [pytest.mark.browser, pytest.mark.slow]


def text_sizes(svg: Path) -> list[tuple[float, str]]:
    """(font size in the SVG's user units, what it says) of each text of a matplotlib SVG."""
    root = ET.parse(svg, ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))).getroot()
    sizes = []
    for group in root.iter(f"{SVG}g"):
        if not group.get("id", "").startswith("text_"):
            continue
        says = next((c.text or "" for c in group if c.tag is ET.Comment), "").strip()
        for inner in group.iter(f"{SVG}g"):
            if found := GLYPHS.search(inner.get("transform", "")):
                sizes.append((float(found.group(1)) * 100, says))
                break
    return sizes


def view_width(svg: Path) -> float:
    return float(ET.parse(svg).getroot().get("viewBox", "0 0 0 0").split()[2])


def test_text_sizes_reads_matplotlib_font_sizes(tmp_path: Path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(3, 2))
    ax.set_title("$q_{cat}$ title", fontsize=14)
    ax.text(0.5, 0.5, "boxed", fontsize=7, bbox={"facecolor": "white"})
    ax.set_xticks([0, 1], labels=["a", "b"], fontsize=9)
    fig.savefig(tmp_path / "f.svg")
    plt.close(fig)
    sizes = dict((says, size) for size, says in text_sizes(tmp_path / "f.svg"))
    assert sizes["$q_{cat}$ title"] == pytest.approx(14)
    assert sizes["boxed"] == pytest.approx(7) and sizes["a"] == pytest.approx(9)
    assert view_width(tmp_path / "f.svg") == pytest.approx(216)  # 3 in × 72 pt


@pytest.mark.parametrize("width", [1280, 390])
def test_every_figure_shows_its_text_at_12_css_px_or_more(tour: Walked, built_site: Path, width: int):
    pages = tour.at(width)  # each page's shown figures, measured by tour.SHOWN_FIGURES
    too_small, measured = [], 0
    for chapter in CHAPTERS:
        path = "" if chapter.name == "index" else f"{chapter.name}/"
        assert pages[path].failure is None, f"/{path}: {pages[path].failure}"
        for figure in pages[path].figures:
            svg = built_site / "assets" / "figures" / Path(urlparse(figure["src"]).path).name
            scale = figure["width"] / view_width(svg)  # CSS px per SVG unit
            size, says = min(text_sizes(svg), default=(float("inf"), ""))
            measured += 1
            if size * scale < MIN_PX - 0.05:
                too_small.append(
                    f"/{path} {svg.name} ({figure['snippet']}): {says!r} at {size * scale:.1f} px "
                    f"({size:g} pt drawn at {figure['width']:.0f} px wide)"
                )
    assert measured >= 20, f"only {measured} figures found"
    assert not too_small, f"figure text below {MIN_PX} px at {width} px wide:\n" + "\n".join(too_small)
