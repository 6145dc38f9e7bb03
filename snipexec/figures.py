"""Figures in both palettes: a dark render of every matplotlib figure a chapter shows.

In:  installed at kernel start (IPython ``exec_lines``, see ``snipexec.execute``).
Out: beside each figure's ``image/svg+xml`` output, a second SVG under :data:`DARK_SVG`,
     the same figure redrawn for a dark page; ``snipexec.render`` shows the one that
     matches the reader's palette, ``snipexec.notebook`` keeps only the light one.

The dark render is computed from the drawn figure, never by running a snippet twice:
the figure is copied (pickled) and the copy restyled. Paper (figure and axes
backgrounds) turns transparent, so the page shows through; greys flip lightness (black
ink becomes light text, a light-grey cell a dark one); saturated colours keep theirs,
as they read on both (`tab:blue` stays itself). A colormap that starts from white
(`Blues`) flips whole, so empty cells become the page and its labels, flipped too, keep
their contrast with the cells; a colormap readable on both (`viridis`, `RdBu`) is kept,
and so are the labels written on its cells. See :func:`dark` for the colour map (OKLab).
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

# Lightness (OKLab) of the darkest and lightest colours in a dark render: white paper
# maps to Material's slate background (#1e2029), black ink to a light grey.
PAPER, INK = 0.25, 0.90
# Colours with at least this chroma are "colours", not paper or ink: they keep their hue
# and lightness (only brightened to MIN_COLOUR_LIGHTNESS, so they read on a dark page).
CHROMA, MIN_COLOUR_LIGHTNESS = 0.1, 0.6


def dark(rgba: tuple[float, float, float, float], whole: bool = False) -> tuple[float, float, float, float]:
    """One colour for a dark page. Greys flip lightness (L -> INK - (INK - PAPER) * L);
    saturated colours keep theirs; between the two, a blend. `whole`: flip any colour
    (for a colormap that starts from white). In OKLab, so hue and chroma stay put."""
    lightness, a, b = _oklab(rgba[:3])
    flipped = INK - (INK - PAPER) * lightness
    if not whole:
        neutral = max(0.0, 1 - (a * a + b * b) ** 0.5 / CHROMA)
        kept = max(lightness, MIN_COLOUR_LIGHTNESS)
        flipped = neutral * flipped + (1 - neutral) * kept
    r, g, b = _srgb((flipped, a, b))
    return (r, g, b, rgba[3])


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

    shell = get_ipython()
    if shell is None or DARK_SVG in shell.display_formatter.formatters:
        return
    formatter = DarkSvgFormatter(parent=shell.display_formatter)
    formatter.format_type = DARK_SVG
    shell.display_formatter.formatters[DARK_SVG] = formatter


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
        # the image keeps its colormap, they keep their colour.
        if any(_kept(image.get_cmap()) for image in axes.images):
            done.update(id(text) for text in axes.texts)
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
