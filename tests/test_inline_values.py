"""Inline values: ``{eval}`expression``` in a page's prose becomes the text of a value the
chapter's code computed, evaluated at its place in page order, cached with the chapter,
and a build error naming the page and line when it cannot be evaluated."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from conftest import CHAPTERS, ROOT, Project, page_html, run_async

from snipexec.collect import ROLE, collect_chapter, iter_roles
from snipexec.errors import DirectiveError, InlineValueError
from snipexec.execute import Cache, Settings, build_notebook, run_chapters
from snipexec.render import plain_text, render_values
from snipexec.session import Sessions

# --- reading the roles (no kernel) ------------------------------------------------------


def test_roles_are_found_outside_code_and_fences_with_their_line_and_expression():
    text = (
        "Loss {eval}`f'{loss:.2f}'` and `` {eval}`shown_as_code` `` and {eval}``'`'``.\n"
        "```text\n{eval}`in_a_fence`\n```\n"
        "    In an admonition: {eval}` n + 1 `\n"
    )
    assert [(r.line, r.source) for r in iter_roles(text)] == [
        (1, "f'{loss:.2f}'"),
        (1, "'`'"),
        (5, "n + 1"),
    ]


@pytest.mark.parametrize(
    ("prose", "message"),
    [
        ("A bare {eval} role.", "must be followed by a code span"),
        ("Split {eval}`across", "must close on the same line"),
        ("Not Python: {eval}`1 +`.", "is no Python expression"),
    ],
)
def test_a_malformed_role_names_its_page_line_before_anything_runs(tmp_path: Path, prose, message):
    (tmp_path / "snippets" / "ch").mkdir(parents=True)
    (tmp_path / "snippets" / "ch" / "one.py").write_text("x = 1\n")
    page = tmp_path / "page.md"
    with pytest.raises(DirectiveError, match=message) as caught:
        collect_chapter(page, f"# T\n\n!snippet ch/one.py\n\n{prose}\n", tmp_path / "snippets")
    assert caught.value.line == 5


def test_a_role_above_the_first_snippet_is_refused(tmp_path: Path):
    (tmp_path / "snippets" / "ch").mkdir(parents=True)
    (tmp_path / "snippets" / "ch" / "one.py").write_text("x = 1\n")
    page = tmp_path / "page.md"
    with pytest.raises(DirectiveError, match="above the page's first snippet") as caught:
        collect_chapter(page, "# T\n\nSee {eval}`x`.\n\n!snippet ch/one.py\n", tmp_path / "snippets")
    assert caught.value.line == 3


def test_markup_in_a_value_is_written_as_character_references():
    assert plain_text("0.25 -3 θ") == "0.25 -3 θ"
    escaped = plain_text("<b>*x*</b> [a](b) $y$ | {: .c} `z` _w_")
    assert not re.search(r"[<>*\[\]$|{}`_]", escaped)
    assert "&#60;b&#62;&#42;x&#42;" in escaped


def test_under_serve_a_failed_value_shows_its_error_under_its_sentence_and_later_ones_their_code(tmp_path):
    (tmp_path / "snippets" / "ch").mkdir(parents=True)
    (tmp_path / "snippets" / "ch" / "one.py").write_text("x = 1\n")
    page = tmp_path / "page.md"
    text = "# T\n\n!snippet ch/one.py\n\nA {eval}`x`, B {eval}`y`.\nC {eval}`x`.\n"
    chapter = collect_chapter(page, text, tmp_path / "snippets")
    error = InlineValueError(page, 5, tmp_path / "snippets" / "ch" / "one.py", "{eval}`y` raised NameError")
    shown = render_values(text, chapter, [{"expression": "x", "text": "1"}], error).splitlines()
    assert shown[4] == "A 1, B `` {eval}`y` ``."
    assert shown[6].startswith("!!! failure") and "NameError" in "\n".join(shown[6:])
    assert shown[-1] == "C `x`."
    assert render_values(text, chapter, None).splitlines()[4] == "A `x`, B `y`.", "execution off"


# --- in a build -------------------------------------------------------------------------


def _prose(html: str) -> list[str]:
    """The text of the page's paragraphs."""
    return [re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<p>(.*?)</p>", html, re.S)]


def test_a_value_is_plain_text_evaluated_at_its_place_and_leaves_the_session_alone(project: Project):
    project.snippet("ch/one.py", "x = 0.125\nlabel = '<b>*bold*</b>'\n")
    project.snippet("ch/two.py", "x = 99\nprint(len(In), dict(Out))\n")
    project.page(
        "ch.md",
        """\
        # Chapter

        !snippet ch/one.py

        First {eval}`x`, rounded {eval}`f"{x:.2f}"`, label {eval}`label`.

        ## After {eval}`x * 8` steps

        !snippet ch/two.py

        Then {eval}`x`. Shown, not run: `` {eval}`x` ``.
        """,
    )
    result = project.build()
    assert result.returncode == 0, result.stderr
    html = project.html_of("ch.md")
    prose = _prose(html)
    assert "First 0.125, rounded 0.12, label &#60;b&#62;&#42;bold&#42;&#60;/b&#62;." in prose
    assert "<b>" not in html.split("label", 1)[1].split("</p>", 1)[0], "markup in a value stays text"
    assert "Then 99. Shown, not run: {eval}`x`." in prose, "after the reassignment, the new value"
    assert re.search(r'<h2 id="after-10-steps">After 1\.0 steps', html), "headings too"
    # The values were evaluated without cells of their own: snippet two sees two inputs
    # and no results, as a reader pasting the two blocks does.
    assert "3 {}" in html
    notebook = nbformat.read(project.path / ".cache/snipexec/site-notebooks/notebooks/ch.ipynb", 4)
    headings = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    assert "### After 1.0 steps" in headings, "the notebook's headings show the value"
    code = [c for c in notebook.cells if c.cell_type == "code"][1:]
    assert [c.execution_count for c in code] == [1, 2]


def test_a_missing_name_fails_the_build_naming_page_and_line(project: Project):
    project.snippet("ch/one.py", "x = 1\n")
    project.page("ch.md", "# Chapter\n\n!snippet ch/one.py\n\nIt is {eval}`x` and {eval}`nowhere + 1`.\n")
    result = project.build()
    assert result.returncode != 0
    failure = "docs/ch.md:5: {eval}`nowhere + 1` raised NameError: name 'nowhere' is not defined"
    assert failure in result.stderr
    assert "(evaluated after snippets/ch/one.py)" in result.stderr


def test_a_changed_expression_or_snippet_gives_the_new_value_not_a_cached_one(project: Project):
    snippet = project.snippet("ch/one.py", "x = 3\n")
    page = project.page("ch.md", "# Chapter\n\n!snippet ch/one.py\n\nIt is {eval}`x`.\n")
    assert project.build().returncode == 0
    assert "It is 3." in _prose(project.html_of("ch.md"))

    page.write_text(page.read_text().replace("{eval}`x`", "{eval}`x * 10`"))
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "its inline values ({eval}) changed" in result.stderr, "the log says why it ran"
    assert "It is 30." in _prose(project.html_of("ch.md"))

    snippet.write_text("x = 4\n")
    assert project.build().returncode == 0
    assert "It is 40." in _prose(project.html_of("ch.md"))

    result = project.build()
    assert "snipexec: ran" not in result.stderr, "nothing changed: the value comes from the cache"
    assert "It is 40." in _prose(project.html_of("ch.md"))


def test_with_execution_off_the_expression_is_shown_as_code(project: Project):
    project.snippet("ch/one.py", "x = 3\n")
    project.page("ch.md", "# Chapter\n\n!snippet ch/one.py\n\nIt is {eval}`x`.\n")
    assert project.build(env={"SNIPEXEC_EXECUTE": "0"}).returncode == 0
    assert "It is <code>x</code>." in project.html_of("ch.md")


# --- under `mkdocs serve` (sessions) ----------------------------------------------------


def test_a_session_evaluates_values_in_place_and_an_edited_expression_runs_no_snippet(project, tmp_path):
    log = tmp_path / "runs.log"
    project.snippet("ch/one.py", f"with open({str(log)!r}, 'a') as f:\n    f.write('run\\n')\nx = 2\n")
    project.snippet("ch/two.py", "x = 5\n")
    page = project.page(
        "index.md", "# Home\n\n!snippet ch/one.py\n\nA {eval}`x`.\n\n!snippet ch/two.py\n\nB {eval}`x`.\n"
    )
    settings = Settings(root=project.path, cache_dir=tmp_path / "cache", timeout=30)
    sessions = Sessions(keep=1)

    def run():  # type: ignore[no-untyped-def]
        chapter = collect_chapter(page, page.read_text(), project.path / "snippets")
        cache = Cache(settings)
        return run_async(
            sessions.run(
                "docs/index.md", chapter, build_notebook(chapter, 30), settings, cache.machine, cache.hashes
            )
        )

    try:
        first = run()
        assert first.error is None
        assert [v["text"] for v in first.record["inline"]] == ["2", "5"]
        fresh = Settings(project.path, tmp_path / "other", 30, use_cache=False)
        built = run_chapters([first.chapter], fresh)[0]
        assert built.record["inline"] == first.record["inline"], "a session gives what a build gives"

        runs = log.read_text().count("run")
        page.write_text(page.read_text().replace("A {eval}`x`", "A {eval}`x + 0.5`"))
        edited = run()
        assert [v["text"] for v in edited.record["inline"]] == ["2.5", "5"]
        assert log.read_text().count("run") == runs, "an edited expression runs no snippet again"

        page.write_text(page.read_text().replace("B {eval}`x`", "B {eval}`y`"))
        failed = run()
        assert failed.error is not None and failed.error.line == 9
        assert "NameError" in str(failed.error)
    finally:
        sessions.close()


# --- the guide --------------------------------------------------------------------------


@pytest.mark.parametrize("chapter", [c for c in CHAPTERS if c.values], ids=lambda c: c.name)
def test_the_guides_inline_values_are_in_its_pages_as_text(built_site, chapter):
    # The record of the run of these cells that the build stored or reused (whatever the
    # kernel settings of this Settings, which are not the build's).
    found = Cache(Settings(root=ROOT, cache_dir=ROOT / ".cache" / "snipexec")).check(chapter)
    soup = BeautifulSoup(page_html(built_site, chapter), "html.parser")
    for code in soup.select("code, pre, script"):
        code.decompose()
    text = " ".join(soup.get_text().split())
    assert ROLE not in text, "every role was replaced"
    values = found.record["inline"]
    assert [v["expression"] for v in values] == [v.source for v in chapter.values]
    for value in values:
        assert value["text"] in text
