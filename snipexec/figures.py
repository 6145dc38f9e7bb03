"""Figures in both palettes: a dark render of every matplotlib figure a chapter shows.

In:  installed at kernel start (IPython ``exec_lines``, see ``snipexec.execute``).
Out: beside each figure's ``image/svg+xml`` output, a second SVG under :data:`DARK_SVG`,
     the same figure redrawn for a dark page; ``snipexec.render`` shows the one that
     matches the reader's palette, ``snipexec.notebook`` keeps only the light one.
     And under :data:`ALT`, the figure in words (:func:`describe`: its kind, titles,
     axis labels, tick names, legend, colour scale), for the images' alternative text.

The dark render is computed from the drawn figure, never by running a snippet twice:
the figure is copied (pickled) and the copy restyled. Paper (figure and axes
backgrounds) turns transparent, so the page shows through; greys flip lightness, keeping
their contrast with the page (black ink becomes light text, a light-grey cell a dark one,
a mid-grey line as legible as on white); saturated colours keep theirs,
as they read on both (`tab:blue` stays itself). A colormap that starts from white
(`Blues`) flips whole, so empty cells become the page, and each label written on a cell
takes the light or the dark ink, whichever contrasts more with its flipped cell (pure
white or black on a mid-tone cell where neither reaches 4.5:1); a
colormap readable on both (`viridis`, `RdBu`) is kept, and so are the labels written on
its cells. See :func:`dark` for the colour map (OKLab).
Matplotlib has no such "restyle a finished figure" function (styles apply when artists
are created), so this module is ours. Only the standard library is imported at kernel
start; matplotlib is imported when the first figure is shown.
"""

from __future__ import annotations

import io
import pickle
import sys
from typing import Any

DARK_SVG = "image/vnd.snipexec.dark+svg+xml"
# The figure described in words, read from the Figure object (not from its pixels).
ALT = "text/vnd.snipexec.alt+plain"

# Lightness (OKLab) of the darkest and lightest colours in a dark render: white paper
# maps to Material's slate background (#1e2029), black ink to a light grey.
PAPER, INK = 0.25, 0.90
# Colours with at least this chroma are "colours", not paper or ink: they keep their hue
# and lightness (only brightened to MIN_COLOUR_LIGHTNESS, so they read on a dark page).
CHROMA, MIN_COLOUR_LIGHTNESS = 0.1, 0.6


def dark(rgba: tuple[float, float, float, float], whole: bool = False) -> tuple[float, float, float, float]:
    """One colour for a dark page. Greys flip lightness, keeping their WCAG contrast
    with the page (:func:`_same_contrast`);
    saturated colours keep theirs; between the two, a blend. `whole`: flip any colour
    (for a colormap that starts from white). In OKLab, so hue and chroma stay put."""
    lightness, a, b = _oklab(rgba[:3])
    flipped = _same_contrast(lightness)
    if not whole:
        neutral = max(0.0, 1 - (a * a + b * b) ** 0.5 / CHROMA)
        kept = max(lightness, MIN_COLOUR_LIGHTNESS)
        flipped = neutral * flipped + (1 - neutral) * kept
    r, g, b = _srgb((flipped, a, b))
    return (r, g, b, rgba[3])


def _same_contrast(lightness: float) -> float:
    """The lightness on the dark page with the contrast `lightness` had on white paper
    (WCAG ratio of luminances; a grey's luminance is its OKLab lightness cubed), at most
    INK: grey text that reads on white reads as well on the dark page."""
    ratio = 1.05 / (lightness**3 + 0.05)  # against white (luminance 1)
    return min(INK**3, ratio * (PAPER**3 + 0.05) - 0.05) ** (1 / 3)


# WCAG AA for text: a label on a cell has at least this contrast with the cell.
TEXT_CONTRAST = 4.5


def _label_ink(cell: tuple[float, ...]) -> tuple[float, float, float, float]:
    """The ink for a label on a flipped colormap's cell: the page's light or dark ink,
    whichever contrasts more; on a mid-tone cell where neither reaches TEXT_CONTRAST,
    pure white or black (one of the two always has 4.58:1 or more)."""
    inks = [dark((0.0, 0.0, 0.0, 1.0)), dark((1.0, 1.0, 1.0, 1.0))]
    best = max(inks, key=lambda ink: _contrast(ink, cell))
    if _contrast(best, cell) < TEXT_CONTRAST:
        best = max([(1.0, 1.0, 1.0, 1.0), (0.0, 0.0, 0.0, 1.0)], key=lambda ink: _contrast(ink, cell))
    return best


def _luminance(rgba: tuple[float, ...]) -> float:
    r, g, b = (_linear(c) for c in rgba[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(one: tuple[float, ...], other: tuple[float, ...]) -> float:
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# OKLab <-> sRGB (Björn Ottosson, https://bottosson.github.io/posts/oklab/): a few lines,
# not worth a dependency.
def _oklab(rgb: tuple[float, ...]) -> tuple[float, float, float]:
    r, g, b = (_linear(c) for c in rgb)
    l_ = (0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b) ** (1 / 3)
    m_ = (0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b) ** (1 / 3)
    s_ = (0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b) ** (1 / 3)
    return (
        0.2104542553 * l_ + 0.7936177850 * m_ - 0.0040720468 * s_,
        1.9779984951 * l_ - 2.4285922050 * m_ + 0.4505937099 * s_,
        0.0259040371 * l_ + 0.7827717662 * m_ - 0.8086757660 * s_,
    )


def _srgb(lab: tuple[float, float, float]) -> tuple[float, float, float]:
    lightness, a, b = lab
    l_ = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    rgb = (
        4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
        -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
        -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_,
    )
    return tuple(min(1.0, max(0.0, _gamma(c))) for c in rgb)  # type: ignore[return-value]


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    return 12.92 * c if c <= 0.0031308 else 1.055 * max(c, 0.0) ** (1 / 2.4) - 0.055


def install() -> None:
    """Register the dark formatter with the running IPython (a no-op outside IPython)."""
    from IPython import get_ipython
    from IPython.core.formatters import BaseFormatter, catch_format_error

    class DarkSvgFormatter(BaseFormatter):
        # Not registered by type: the inline backend removes every Figure printer from
        # every formatter when it starts (IPython's select_figure_formats).
        @catch_format_error
        def __call__(self, obj: Any) -> str | None:
            module = sys.modules.get("matplotlib.figure")  # imported by chapters that draw
            return _dark_svg(obj) if module and isinstance(obj, module.Figure) else None

    class AltFormatter(BaseFormatter):
        @catch_format_error
        def __call__(self, obj: Any) -> str | None:
            module = sys.modules.get("matplotlib.figure")
            return describe(obj) if module and isinstance(obj, module.Figure) else None

    shell = get_ipython()
    if shell is None or DARK_SVG in shell.display_formatter.formatters:
        return
    for mime, kind in ((DARK_SVG, DarkSvgFormatter), (ALT, AltFormatter)):
        formatter = kind(parent=shell.display_formatter)
        formatter.format_type = mime
        shell.display_formatter.formatters[mime] = formatter


# At most this many tick names are listed per axis (a 30-token sentence says "…").
MAX_NAMES = 12


def describe(figure: Any) -> str:
    """The figure in words, for a reader who cannot see it: for each panel its kind
    (heatmap, line plot, bar chart, scatter plot), title, axis labels (and scale), the
    names on an axis when its ticks are names (tokens, not numbers), legend entries and
    colour scale; a figure title and a figure legend first. TeX's ``$`` signs dropped.

    One sentence per panel, e.g. ``Heatmap titled "Head 0"; x axis "key" (The, cat,
    sat); y axis "query" (The, cat, sat); colour scale "weight" from 0 to 1; values
    written on the cells.`` An axis said once is not said again for the next panels."""
    sentences: list[str] = []
    if (suptitle := figure._suptitle) is not None and _words(suptitle.get_text()):
        sentences.append(f'Figure titled "{_words(suptitle.get_text())}".')
    for legend in figure.legends:
        sentences.append(f"Legend: {_entries(legend)}.")
    scales = {id(ax): ax._colorbar for ax in figure.get_axes() if getattr(ax, "_colorbar", None) is not None}
    panels = [ax for ax in figure.get_axes() if id(ax) not in scales and ax.get_visible()]
    said: set[str] = set()
    for number, ax in enumerate(panels, 1):
        parts = [_kind(ax)]
        if len(panels) > 1:
            parts[0] = f"Panel {number} of {len(panels)}: {parts[0][0].lower()}{parts[0][1:]}"
        titles = [_words(ax.get_title(loc)) for loc in ("left", "center", "right")]
        if title := " ".join(t for t in titles if t):
            parts[0] += f' titled "{title}"'
        if ax.axison:  # an axis turned off shows no label and no ticks
            axes = [_axis(name, axis, ax) for name, axis in (("x", ax.xaxis), ("y", ax.yaxis))]
            parts += [a for a in axes if a not in said]
            said.update(axes)
        for colorbar in (c for c in scales.values() if ax in _parents(c)):
            label = _words(colorbar.ax.get_ylabel() or colorbar.ax.get_xlabel())
            low, high = colorbar.mappable.get_clim()
            named = f' "{label}"' if label else ""
            parts.append(f"colour scale{named} from {low:.3g} to {high:.3g}")
        if (legend := ax.get_legend()) is not None:
            parts.append(f"legend: {_entries(legend)}")
        if ax.texts:
            many = f"{len(ax.texts)} labels" if len(ax.texts) > 1 else "a label"
            parts.append("values written on the cells" if ax.images else f"{many} written on it")
        sentences.append("; ".join(p for p in parts if p) + ".")
    return " ".join(sentences)


def _kind(ax: Any) -> str:
    from matplotlib.collections import PathCollection, QuadMesh
    from matplotlib.container import BarContainer

    if ax.images or any(isinstance(c, QuadMesh) for c in ax.collections):
        return "Heatmap"
    if any(isinstance(c, BarContainer) for c in ax.containers):
        return "Bar chart"
    if any(isinstance(c, PathCollection) for c in ax.collections):
        return "Scatter plot" if not ax.lines else "Scatter and line plot"
    if ax.lines:
        return "Line plot" if len(ax.lines) == 1 else f"Line plot of {len(ax.lines)} lines"
    return "Chart"


def _axis(name: str, axis: Any, ax: Any) -> str:
    """``x axis "label" (log scale) (The, cat, sat)``; empty for an axis with nothing to say."""
    label = _words(axis.get_label_text())
    ticks = [_words(t.get_text()) for t in axis.get_ticklabels()]
    names = [t for t in ticks if t and not _number(t)]
    said = f' "{label}"' if label else ""
    if axis.get_scale() != "linear" and axis.get_scale() not in label:
        said += f" ({axis.get_scale()} scale)"
    if names:
        said += f" ({_names(names)})"
    elif label and not ax.images:  # the data's range, not the view's margins
        low, high = sorted(ax.dataLim.intervalx if name == "x" else ax.dataLim.intervaly)
        if axis.get_scale() == "log":  # a bar's foot at 0 is not on a log axis
            low = max(low, ax.dataLim.minposx if name == "x" else ax.dataLim.minposy)
        said += f" from {low:.3g} to {high:.3g}"
    return f"{name} axis{said}" if said else ""


def _parents(colorbar: Any) -> list[Any]:
    """The axes a colorbar was made for (matplotlib keeps them on the mappable)."""
    mappable = colorbar.mappable
    return [mappable.axes] if getattr(mappable, "axes", None) is not None else []


def _entries(legend: Any) -> str:
    """A legend's entries, each quoted (an entry may hold a comma)."""
    return _names([f'"{_words(t.get_text())}"' for t in legend.get_texts()])


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:MAX_NAMES])
    return shown if len(names) <= MAX_NAMES else f"{shown}, … ({len(names)} in all)"


def _words(text: str) -> str:
    """A label as words: TeX's ``$`` and line breaks dropped, spaces squeezed."""
    return " ".join(text.replace("$", "").split())


def _number(text: str) -> bool:
    """A tick label that is a number (``−0.5``, ``20%``, a log axis' ``\\mathdefault{10^{2}}``)."""
    if "\\mathdefault" in text:
        return True
    try:
        float(text.replace("\u2212", "-").replace("%", ""))
    except ValueError:
        return False
    return True


def _dark_svg(figure: Any) -> str:
    from matplotlib_inline.config import InlineBackend

    copy = _copy(figure)
    _restyle(copy)
    buffer = io.BytesIO()
    # The inline backend's own settings (bbox, no date), so both renders frame alike.
    kwargs = {"format": "svg", **InlineBackend.instance().print_figure_kwargs}
    copy.savefig(buffer, **kwargs)
    return buffer.getvalue().decode()


def _copy(figure: Any) -> Any:
    """A detached copy: pickling is matplotlib's supported way to copy a figure."""
    from matplotlib._pylab_helpers import Gcf

    # A figure pickled while pyplot holds it unpickles into pyplot's figures (and would be
    # shown, and take a figure number): hide pyplot's list while pickling.
    figures = Gcf.figs.copy()
    Gcf.figs.clear()
    try:
        data = pickle.dumps(figure)
    finally:
        Gcf.figs.update(figures)
    return pickle.loads(data)


def _restyle(figure: Any) -> None:
    """Map every colour of `figure` through :func:`dark`, each artist exactly once."""
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.collections import Collection
    from matplotlib.colors import Colormap, ListedColormap, to_rgba, to_rgba_array
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Annotation, Text

    def one(color: Any) -> tuple[float, float, float, float]:
        return dark(to_rgba(color))

    def many(colors: Any) -> list[tuple[float, float, float, float]]:
        return [dark(tuple(c)) for c in to_rgba_array(colors)]

    def colormap(cmap: Colormap) -> Colormap:
        """A continuous map that starts from white (Blues, Greys…) flips whole, so it starts
        from the page; others (viridis, RdBu) read on both; a few listed colours are colours."""
        if _kept(cmap):
            return cmap
        whole = cmap.N > 16  # not kept, so it starts from white
        mapped = ListedColormap([dark(tuple(c), whole) for c in _colors(cmap)], name=f"{cmap.name}_dark")
        return mapped.with_extremes(
            bad=dark(to_rgba(cmap.get_bad()), whole),
            under=dark(to_rgba(cmap.get_under()), whole),
            over=dark(to_rgba(cmap.get_over()), whole),
        )

    # Paper: the figure and axes backgrounds become transparent, so the page shows through.
    figure.patch.set_alpha(0)
    figure.draw_without_rendering()  # lays out ticks, so the walk below meets them all
    done: set[int] = {id(figure.patch)}
    for axes in figure.get_axes():
        axes.patch.set_alpha(0)
        done.add(id(axes.patch))
        # Ticks are re-made from the axis' tick settings on every draw: restyle the settings.
        for axis in axes._axis_map.values():
            _restyle_ticks(axis, one, done)
        # Labels written on the cells of an image were coloured against those cells: when
        # the image keeps its colormap, they keep their colour; when it flips, each takes
        # the ink that reads best on its flipped cell.
        if any(_kept(image.get_cmap()) for image in axes.images):
            done.update(id(text) for text in axes.texts)
        else:
            for image in axes.images:
                cmap = colormap(image.get_cmap())
                for text in axes.texts:
                    value = _cell_value(image, text)
                    if value is not None and id(text) not in done:
                        cell = cmap(image.norm(value))
                        text.set_color(_label_ink(cell))
                        done.add(id(text))
    for artist in figure.findobj():
        if id(artist) in done or isinstance(artist, (Axes, Axis)):
            continue
        done.add(id(artist))
        if isinstance(artist, Text):
            artist.set_color(one(artist.get_color()))
            box = artist.get_bbox_patch()
            if box is not None:
                box.set_facecolor(one(box.get_facecolor()))
                box.set_edgecolor(one(box.get_edgecolor()))
            if isinstance(artist, Annotation) and artist.arrow_patch is not None:
                done.add(id(artist.arrow_patch))
                artist.arrow_patch.set_color(one(artist.arrow_patch.get_edgecolor()))
        elif isinstance(artist, Line2D):
            artist.set_color(one(artist.get_color()))
            artist.set_markerfacecolor(one(artist.get_markerfacecolor()))
            artist.set_markeredgecolor(one(artist.get_markeredgecolor()))
        elif isinstance(artist, Patch):
            artist.set_facecolor(one(artist.get_facecolor()))
            artist.set_edgecolor(one(artist.get_edgecolor()))
        elif isinstance(artist, AxesImage):
            artist.set_cmap(colormap(artist.get_cmap()))  # an RGB image ignores its colormap
        elif isinstance(artist, Collection):
            if artist.get_array() is not None:  # colours come from data through a colormap
                if _kept(artist.get_cmap()):
                    continue  # and so are its edges
                artist.set_cmap(colormap(artist.get_cmap()))
            else:
                artist.set_facecolor(many(artist.get_facecolor()))
            artist.set_edgecolor(many(artist.get_edgecolor()))


def _cell_value(image: Any, text: Any) -> float | None:
    """The value of the image's cell under a label placed in data coordinates, or None."""
    import math

    import numpy as np

    data = image.get_array()
    if text.get_transform() != image.axes.transData or data is None or data.ndim != 2:
        return None  # not placed on the data, or an RGB image (no colormap)
    x, y = text.get_position()
    left, right, bottom, top = image.get_extent()
    if image.origin == "upper":  # row 0 at `top`
        bottom, top = top, bottom
    col = math.floor((x - left) / (right - left) * data.shape[1])
    row = math.floor((y - bottom) / (top - bottom) * data.shape[0])
    if not (0 <= row < data.shape[0] and 0 <= col < data.shape[1]):
        return None
    value = data[row, col]
    return None if value is np.ma.masked else float(value)


def _colors(cmap: Any) -> Any:
    import numpy as np

    return cmap(np.linspace(0, 1, cmap.N))


def _kept(cmap: Any) -> bool:
    """A continuous colormap that does not start from white reads on both palettes."""
    return cmap.N > 16 and _oklab(tuple(_colors(cmap)[0][:3]))[0] <= 0.9


def _restyle_ticks(axis: Any, one: Any, done: set[int]) -> None:
    for which, ticks in (("major", axis.get_major_ticks()), ("minor", axis.get_minor_ticks())):
        if not ticks:
            continue
        first = ticks[0]
        axis.set_tick_params(
            which=which,
            color=one(first.tick1line.get_color()),
            labelcolor=one(first.label1.get_color()),
            grid_color=one(first.gridline.get_color()),
        )
        for tick in ticks:
            done.update(id(a) for a in (tick, *tick.get_children()))
