"""The dark render of figures (snipexec.figures): what it changes, what it keeps."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from snipexec.figures import PAPER, _copy, _dark_svg, _oklab, _restyle, dark  # noqa: E402


def lightness(color) -> float:
    return _oklab(to_rgba(color)[:3])[0]


def test_paper_becomes_the_dark_page_and_ink_becomes_light():
    assert lightness(dark(to_rgba("white"))) == pytest.approx(PAPER, abs=0.01)
    assert lightness(dark(to_rgba("black"))) > 0.85
    assert lightness(dark(to_rgba("0.8"))) < lightness(dark(to_rgba("0.3")))  # order of greys flips


def test_saturated_colours_keep_their_hue_and_read_on_a_dark_page():
    for name in ("tab:blue", "tab:orange", "tab:green"):
        before, after = _oklab(to_rgba(name)[:3]), _oklab(dark(to_rgba(name))[:3])
        assert after[1:] == pytest.approx(before[1:], abs=0.01)  # same hue and chroma
        assert after[0] >= max(before[0], 0.6) - 0.01


def test_alpha_is_kept():
    assert dark((1.0, 1.0, 1.0, 0.3))[3] == 0.3


def _heatmap(cmap: str):
    fig, ax = plt.subplots()
    ax.imshow(np.eye(3), cmap=cmap, vmin=0, vmax=1)
    label = ax.text(0, 0, "1.00", color="white")
    ax.set_title("title")
    (line,) = ax.plot([0, 2], [0, 2], color="tab:orange")
    return fig, ax, label, line


def test_a_colormap_that_starts_from_white_flips_and_its_labels_with_it():
    fig, ax, label, line = _heatmap("Blues")
    copy = _copy(fig)
    _restyle(copy)
    image, text = copy.axes[0].images[0], copy.axes[0].texts[0]
    assert lightness(image.get_cmap()(0.0)) < 0.3  # empty cells: the dark page
    assert lightness(image.get_cmap()(1.0)) > 0.6  # full cells: bright
    assert lightness(text.get_color()) < 0.3  # white on a dark-blue cell -> dark on a bright one
    assert lightness(copy.axes[0].title.get_color()) > 0.85
    assert copy.patch.get_alpha() == 0 and copy.axes[0].patch.get_alpha() == 0
    # The original is untouched: it is still shown in the light palette.
    assert ax.images[0].get_cmap().name == "Blues" and label.get_color() == "white"
    plt.close("all")


def test_a_colormap_readable_on_both_is_kept_and_so_are_its_labels():
    fig, *_ = _heatmap("viridis")
    copy = _copy(fig)
    _restyle(copy)
    assert copy.axes[0].images[0].get_cmap().name == "viridis"
    assert copy.axes[0].texts[0].get_color() == "white"
    assert lightness(copy.axes[0].title.get_color()) > 0.85  # ink outside the image flips
    plt.close("all")


def test_tick_labels_are_restyled_and_stay_so_when_ticks_are_remade():
    fig, *_ = _heatmap("Blues")
    copy = _copy(fig)
    _restyle(copy)
    copy.axes[0].set_xlim(-0.5, 10)  # more ticks: made afresh from the axis' settings
    copy.draw_without_rendering()
    labels = copy.axes[0].xaxis.get_ticklabels()
    assert len(labels) > 3 and all(lightness(t.get_color()) > 0.85 for t in labels)
    plt.close("all")


def test_the_dark_render_is_deterministic_and_differs_from_the_light_one():
    from matplotlib_inline.config import InlineBackend

    plt.rcParams["svg.hashsalt"] = "test"  # what the build's kernels set (snipexec.execute)
    InlineBackend.instance().print_figure_kwargs = {"bbox_inches": "tight", "metadata": {"Date": None}}
    fig, *_ = _heatmap("Blues")
    first, second = _dark_svg(fig), _dark_svg(fig)
    assert first == second and "<svg" in first
    assert plt.get_fignums() == [fig.number]  # the copy never joined pyplot's figures
    plt.close("all")


def test_a_label_on_a_mid_tone_flipped_cell_still_has_4_5_to_1():
    from snipexec.figures import _contrast

    fig, ax = plt.subplots()
    values = np.linspace(0, 1, 21)[None]  # every shade of the flipped map, one label each
    ax.imshow(values, cmap="Blues", vmin=0, vmax=1)
    for col, value in enumerate(values[0]):
        ax.text(col, 0, f"{value:.2f}", color="white" if value > 0.5 else "black")
    copy = _copy(fig)
    _restyle(copy)
    cmap = copy.axes[0].images[0].get_cmap()
    ratios = [
        _contrast(to_rgba(t.get_color()), cmap(v)) for t, v in zip(copy.axes[0].texts, values[0], strict=True)
    ]
    assert min(ratios) >= 4.5, [round(r, 2) for r in ratios]
    plt.close("all")
