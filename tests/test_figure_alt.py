"""Figures say what they show: alternative text built from the figure itself
(snipexec.figures.describe, in the kernel) and the snippet's docstring (snipexec.render),
a visible caption, and the same text on the chapter's notebook page (snipexec.notebook)."""

from __future__ import annotations

import html
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from snipexec.figures import describe  # noqa: E402
from snipexec.notebook import describe_images  # noqa: E402

LINE_PLOT = '''\
"""Two losses fall as training goes on: the `train` one faster."""

# %%
import matplotlib.pyplot as plt

fig, ax = plt.subplots()
ax.plot([0, 1, 2], [3.0, 2.0, 1.0], label="train loss")
ax.plot([0, 1, 2], [3.0, 2.5, 2.0], label="test loss")
ax.set_title("Loss while training")
ax.set_xlabel("step")
ax.set_ylabel("cross-entropy")
ax.legend()
plt.show()
'''


def test_describe_names_title_axes_ticks_legend_and_colour_scale():
    fig, (heat, line) = plt.subplots(1, 2)
    image = heat.imshow(np.eye(3), vmin=0, vmax=1)
    heat.set_xticks(range(3), labels=["The", "cat", "sat"])
    heat.set_title("Head $h_0$")
    heat.set_xlabel("key")
    fig.colorbar(image, ax=heat, label="weight")
    line.plot([1, 10, 100], label="loss")
    line.set_yscale("log")
    line.set_ylabel("value")
    line.legend()
    fig.suptitle("Two panels")
    said = describe(fig)
    plt.close(fig)
    assert said.startswith('Figure titled "Two panels".')
    assert 'Panel 1 of 2: heatmap titled "Head h_0"; x axis "key" (The, cat, sat)' in said
    assert 'colour scale "weight" from 0 to 1' in said
    assert 'Panel 2 of 2: line plot; y axis "value" (log scale) from 1 to 100; legend: "loss".' in said
    assert "−" not in said and "mathdefault" not in said  # numeric ticks are not names


def test_an_axis_shared_by_the_panels_is_said_once():
    fig, axes = plt.subplots(1, 3, sharey=True)
    for k, ax in enumerate(axes):
        ax.imshow(np.eye(2))
        ax.set_yticks([0, 1], labels=["it", "was"])
        ax.set_title(f"head {k}")
    said = describe(fig)
    plt.close(fig)
    assert said.count("(it, was)") == 1 and said.count("heatmap titled") == 3


def test_describe_images_gives_each_notebook_image_its_text_in_order():
    page = (
        '<div class="jp-RenderedSVG jp-OutputArea-output " data-mime-type="image/svg+xml">\n'
        '<img src="data:image/svg+xml;base64,AAA"></div><p>text</p>'
        '<div class="jp-RenderedImage jp-OutputArea-output ">\n<img src="data:image/png;base64,BBB"\n></div>'
    )
    out = describe_images(page, ['first "one"', "second"])
    assert re.findall(r'<img alt="([^"]*)" src="data:image/([\w+]+)', out) == [
        ("first &quot;one&quot;", "svg+xml"),
        ("second", "png"),
    ]
    assert describe_images(page, ["only one"]) == page, "a mismatch adds no wrong text"


def test_a_figure_has_alt_text_from_itself_and_its_docstring_and_a_caption(project):
    project.render_notebooks()
    project.snippet("ch/losses.py", LINE_PLOT)
    project.page("index.md", "# Home\n")
    project.page("ch.md", "# Chapter\n\n## Losses\n\n!snippet ch/losses.py\n")
    result = project.build()
    assert result.returncode == 0, result.stderr
    page = project.html("ch")
    figure = re.search(r'<figure class="snippet-figure">(.*?)</figure>', page, re.S)
    assert figure is not None
    alts = {html.unescape(a) for a in re.findall(r'<img alt="([^"]*)"', figure.group(1))}
    assert len(alts) == 1, "the light and the dark render say the same"
    alt = alts.pop()
    assert alt.startswith("Two losses fall as training goes on: the train one faster.")
    for part in (
        'Line plot of 2 lines titled "Loss while training"',
        'x axis "step" from 0 to 2',
        'y axis "cross-entropy" from 1 to 3',
        'legend: "train loss", "test loss"',
    ):
        assert part in alt, alt
    caption = re.search(r"<figcaption>(.*?)</figcaption>", figure.group(1))
    assert caption, "a visible caption"
    assert caption.group(1) == "Two losses fall as training goes on: the <code>train</code> one faster."
    # The notebook page: nbconvert's image gets the same text.
    notebook = project.html("notebooks/ch")
    shown = [html.unescape(a) for a in re.findall(r'jp-RenderedSVG[^>]*>\s*<img alt="([^"]*)"', notebook)]
    assert shown == [alt]
