"""The real guide: it builds strictly, and its pages and snippets keep the house rules."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import CHAPTERS, ROOT, SNIPPET_FILES, module_name
from standalone import StandaloneRunner

from snipexec import core
from snipexec.collect import iter_directives
from snipexec.execute import check_chapters

DOCS = ROOT / "docs"


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.slow
def test_site_builds_strictly_with_every_chapter_executed(built_site: Path):
    for page in DOCS.glob("*.md"):
        text = page.read_text()
        if not iter_directives(text):
            continue
        folder = built_site if page.stem == "index" else built_site / page.stem  # the home page
        html = (folder / "index.html").read_text()
        assert "!snippet" not in html, f"{page.name}: a directive was left unexpanded"
        assert 'class="snippet-output"' in html or "snippet-figure" in html or "snippet-table" in html
        # What a snippet prints is plain <pre><code> (mkdocs.yml's `output` fence): no
        # Pygments spans and per-line anchors, which only the code blocks need.
        for output in html.split('<div class="snippet-output">')[1:]:
            block = output[: output.index("</pre>")]
            assert block.lstrip().startswith('<pre class="snippet-text"><code>'), f"{page.name}: {block[:80]}"
            assert "<span" not in block and "__codelineno" not in block, f"{page.name}: {block[:80]}"


def test_no_snippet_imports_the_build_machinery():
    offenders = []
    for path in SNIPPET_FILES + sorted((ROOT / "snippets").rglob("__init__.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names.append(node.module)
            if any(n == "snipexec" or n.startswith("snipexec.") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, f"teaching code must not import snipexec: {offenders}"


def _page_stdout(site: Path, path: Path) -> str | None:
    """What the chapter's session printed for this snippet, from the built notebook."""
    for chapter in CHAPTERS:
        for index, snippet in enumerate(chapter.snippets):
            if snippet.file == path and chapter.name != "index":  # the front page: no notebook
                nb = nbformat.read(site / "notebooks" / chapter.name / f"{chapter.name}.ipynb", 4)
                code = [c for c in nb.cells if c.cell_type == "code"]
                cell = [c for c in code if "install" not in c.metadata.get("tags", [])][index]
                return "".join(o.text for o in cell.outputs if o.get("name") == "stdout")
    return None


@pytest.mark.slow
@pytest.mark.parametrize("path", SNIPPET_FILES, ids=[module_name(p) for p in SNIPPET_FILES])
def test_snippet_runs_on_its_own_and_prints_what_the_page_shows(
    path: Path, built_site: Path, standalone: StandaloneRunner
):
    code, stdout, stderr = standalone.result(module_name(path))
    assert code == 0, f"python -m {module_name(path)} failed:\n{stderr[-3000:]}"
    # The chapter runs all its snippets in one session; run alone, the file first runs the
    # earlier snippets it imports. Either way its own output must be the same: otherwise
    # an earlier snippet in the session overwrote a name this one uses.
    shown = _page_stdout(built_site, path)
    if shown is not None:
        assert stdout.rstrip().endswith(shown.rstrip()), (
            f"{_rel(path)} prints something else on its own than on its page. Look for a name "
            "it uses that an earlier snippet of the chapter redefines (a loop variable, say)."
        )


@pytest.mark.slow
@pytest.mark.determinism
def test_a_clean_rebuild_gives_byte_identical_pages(built_site: Path, clean_rebuild: Path):
    """The guide built again from a copy of its sources in another folder, with empty
    caches (conftest.Background), gives the same bytes on every page."""
    # The execution report is the one documented exception: it shows timings and dates.
    pages = sorted(
        p.relative_to(built_site) for p in built_site.rglob("*.html") if p.parent.name != "execution"
    )
    assert len(pages) > 30
    differing = [str(p) for p in pages if (built_site / p).read_bytes() != (clean_rebuild / p).read_bytes()]
    assert not differing, f"pages that changed between two builds of the same sources: {differing}"


def _snipexec(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [sys.executable, "-m", "snipexec", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


@pytest.mark.slow
def test_editing_a_model_config_reruns_every_page_that_read_it(built_site: Path, tmp_path: Path):
    """A copy of the guide with the warm cache: all fresh; one config edited: exactly the
    chapters whose runs read it are stale, say why, and show the new value when re-run."""
    copy = tmp_path / "guide"
    skip = shutil.ignore_patterns(".git", ".venv", ".cache", "site", "vendor", "__pycache__")
    shutil.copytree(ROOT, copy, ignore=skip)
    (copy / "vendor").symlink_to(ROOT / "vendor")
    (copy / ".cache").mkdir()
    # No hub cache: the copy seeds its own (the config edit below must not reach ours).
    for entry in (ROOT / ".cache").iterdir():
        if entry.name not in ("snipexec", "hf"):
            (copy / ".cache" / entry.name).symlink_to(entry)
    shutil.copytree(ROOT / ".cache/snipexec/records", copy / ".cache/snipexec/records")
    status = _snipexec(copy, "status")
    assert status.returncode == 0 and " 0 stale" in status.stdout, status.stdout  # a moved clone reuses

    # A config only the size table reads, so the test re-runs one chapter, not seven.
    config = "snippets/model_configs/gpt2-xl.json"
    # The chapters whose current record (not a record of an older version of the
    # chapter, which a long-used cache also holds) lists the config as read.
    pages = [(f"docs/{p.name}", p) for p in sorted((copy / "docs").glob("*.md"))]
    chapters, _ = core.collect_pages(pages, copy / "snippets")
    found = check_chapters(list(chapters.values()), core.settings(copy, core.plugin_options(copy)))
    readers = {f"docs/{f.chapter.page.name}" for f in found if config in f.record["deps"]["files"]}
    assert "docs/real_model.md" in readers
    values = json.loads((copy / config).read_text())
    values["n_layer"] -= 1  # 48 -> 47
    (copy / config).write_text(json.dumps(values, indent=2))

    stale = _snipexec(copy, "status").stdout
    named = {line.split()[1] for line in stale.splitlines() if line.startswith("stale")}
    assert named == readers, stale
    assert stale.count(f"- {config} changed") == len(readers)

    run = _snipexec(copy, "run", "--show", *sorted(readers))
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.count(f"ran: {config} changed") == len(readers)
    # The size table's row: kind, parameters (M), without head (M), layers.
    row = re.compile(
        r"<th>GPT-2 XL</th>\s*<td>decoder</td>\s*<td>([\d,.]+)</td>\s*<td>[\d,.]+</td>\s*<td>(\d+)</td>"
    )
    page = (built_site / "real_model" / "index.html").read_text()
    before, after = row.search(page), row.search(run.stdout)
    assert before and after, "the size table shows GPT-2 XL"
    assert (before.group(2), after.group(2)) == (str(values["n_layer"] + 1), str(values["n_layer"]))
    assert after.group(1) != before.group(1), "one layer fewer, fewer parameters"
    assert " 0 stale" in _snipexec(copy, "status").stdout


@pytest.mark.slow
def test_search_index_holds_the_pages_but_not_the_notebooks_or_the_report(built_site: Path):
    """Every page downloads the search index: the notebooks (copies of their chapters) and
    the execution report would double it."""
    docs = json.loads((built_site / "search" / "search_index.json").read_text())["docs"]
    locations = {d["location"].split("#")[0].rstrip("/") for d in docs}
    assert {"attention", "glossary", "bugs"} <= locations
    assert not [loc for loc in locations if loc.startswith(("notebooks", "execution"))]
