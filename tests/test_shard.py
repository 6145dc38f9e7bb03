"""CI's shards, simulated: the stale chapters split into N shares, each run in a clone of
its own, the records merged by copying files into another clone, and that clone built
with execution forbidden gives the site a single machine builds.

The commands are CI's (tests/test_workflows.py checks that the workflow runs them):
`make shard SHARD=K/N` is :data:`SHARD` here; the merge copies the shares' records
folders over ``.cache/snipexec/records``; the final build runs with
``SNIPEXEC_EXECUTE=never``.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Project, snipexec_cli

from snipexec.shard import ShardError, parse, split

# `python -m snipexec` + these + "K/N" + the folder the share's records are copied to: what
# the Makefile's shard target runs (tests/test_workflows.py compares them).
SHARD = ("run", "--shard")
COPY_RECORDS = "--copy-records"
FORBID = {"SNIPEXEC_EXECUTE": "never"}
N = 3

# Chapters of different lengths; one draws a figure, one has an inline value.
CHAPTERS = {
    "alpha": "import time\ntime.sleep(0.1)\nprint('alpha slept')\n",
    "beta": "import time\ntime.sleep(0.4)\nx = sum(range(10))\nprint('beta', x)\n",
    "gamma": "import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nplt.show()\n",
    "delta": "import time\ntime.sleep(0.8)\nprint('delta slept')\n",
}


class Clone(Project):
    """A clone of a project at another path, without its caches and site."""

    def __init__(self, source: Path, path: Path) -> None:
        shutil.copytree(source, path, ignore=shutil.ignore_patterns(".cache", "site"))
        self.path = path


def _copy(source: Path, to: Path) -> Project:
    return Clone(source, to)


def _records(root: Path) -> list[str]:
    folder = root / ".cache" / "snipexec" / "records"
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.json")) if folder.exists() else []


def _site_files(site: Path) -> dict[str, Path]:
    """The built site's files, but the execution report (its timings differ from run to
    run; the search index leaves it out)."""
    report = {"execution/index.html"}
    return {
        p.relative_to(site).as_posix(): p
        for p in site.rglob("*")
        if p.is_file() and p.relative_to(site).as_posix() not in report
    }


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The throwaway guide: four chapters and a front page, never built."""
    (path := tmp_path_factory.mktemp("shard") / "source").mkdir()
    project = Project(path)
    project.page("index.md", "# Home\n\nFour chapters.\n")
    for name, code in CHAPTERS.items():
        project.snippet(f"{name}/run.py", code)
        inline = "\n\nSo x is {eval}`x`.\n" if name == "beta" else "\n"
        project.page(f"{name}.md", f"# {name.title()}\n\n!snippet {name}/run.py\n{inline}")
    return project


@pytest.fixture(scope="module")
def sharded(source: Project, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """N shards side by side in clones of their own, each copying its records out."""
    folder = tmp_path_factory.mktemp("shards")
    clones = [_copy(source.path, folder / f"clone{k}") for k in range(1, N + 1)]
    shards = [
        subprocess.Popen(
            [sys.executable, "-m", "snipexec", *SHARD, f"{k}/{N}", COPY_RECORDS, str(folder / f"shard{k}")],
            cwd=clone.path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        for k, clone in enumerate(clones, start=1)
    ]
    done = [shard.communicate(timeout=300) for shard in shards]
    for shard, (out, err) in zip(shards, done, strict=True):
        assert shard.returncode == 0, out + err
    return {"folder": folder, "clones": clones, "stdout": [out for out, _ in done]}


def test_shards_are_disjoint_cover_every_stale_chapter_and_agree_on_the_split(sharded, source):
    clones: list[Project] = sharded["clones"]  # type: ignore[assignment]
    outs: list[str] = sharded["stdout"]  # type: ignore[assignment]
    ran = [_records(clone.path) for clone in clones]
    assert all(ran), f"a share ran nothing: {ran}"
    every = sorted(name for share in ran for name in share)
    assert every == sorted(f"{name}.json" for name in CHAPTERS), "disjoint and complete"
    # Every machine printed the same split (each line of every share), and ran its own.
    plans = [[line.replace("runs", "    ") for line in out.splitlines() if " share " in line] for out in outs]
    assert plans[0] and all(plan == plans[0] for plan in plans), outs
    for k, (out, share) in enumerate(zip(outs, ran, strict=True), start=1):
        mine = next(line for line in out.splitlines() if line.lstrip().startswith(f"runs share {k}:"))
        assert (
            sorted(p.removeprefix("docs/").replace(".md", ".json") for p in mine.split(": ")[-1].split(", "))
            == share
        )
        assert f"shard {k}/{N}: predicted" in out and ", actual " in out
        copied = sharded["folder"] / f"shard{k}" / "records"  # type: ignore[operator]
        assert sorted(p.name for p in copied.glob("*.json")) == share, "--copy-records copies the share's"


def test_merged_records_build_with_execution_forbidden_into_the_single_machine_site(sharded, source):
    folder: Path = sharded["folder"]  # type: ignore[assignment]
    merged = _copy(source.path, folder / "merged")
    records = merged.path / ".cache" / "snipexec" / "records"
    for k in range(1, N + 1):  # CI: download-artifact, merge-multiple, into the records folder
        shutil.copytree(folder / f"shard{k}" / "records", records, dirs_exist_ok=True)
    built = merged.build(env=FORBID)
    assert built.returncode == 0, built.stderr
    assert "snipexec: ran" not in built.stderr

    single = _copy(source.path, folder / "single")
    assert single.build().returncode == 0
    ours, theirs = _site_files(merged.path / "site"), _site_files(single.path / "site")
    assert sorted(ours) == sorted(theirs)
    assert {"alpha/index.html", "notebooks/gamma.ipynb", "sitemap.xml.gz"} <= set(ours)
    differ = [name for name in ours if not filecmp.cmp(ours[name], theirs[name], shallow=False)]
    assert not differ, f"the sharded site differs from the single machine's in {differ}"
    assert "beta 45" in merged.html_of("beta.md") and "So x is 45." in merged.html_of("beta.md")
    assert list((merged.path / "site" / "assets" / "figures").glob("*.svg")), "gamma's figure"


def test_a_forbidden_build_with_a_record_missing_fails_naming_its_chapter(sharded, source):
    folder: Path = sharded["folder"]  # type: ignore[assignment]
    partial = _copy(source.path, folder / "partial")
    records = partial.path / ".cache" / "snipexec" / "records"
    for k in range(1, N + 1):
        shutil.copytree(folder / f"shard{k}" / "records", records, dirs_exist_ok=True)
    (records / "gamma.json").unlink()
    (partial.path / "snippets" / "delta" / "run.py").write_text(CHAPTERS["delta"] + "# edited\n")

    built = partial.build("--site-dir", str(folder / "partial-site"), env=FORBID)
    assert built.returncode != 0
    assert "SNIPEXEC_EXECUTE=never" in built.stderr and "docs/gamma.md: never run" in built.stderr
    assert "docs/delta.md: snippet 1 (snippets/delta/run.py) edited" in built.stderr, built.stderr
    assert "docs/alpha.md" not in built.stderr, "fresh chapters are not named"
    assert not (folder / "partial-site" / "gamma" / "index.html").exists(), "no page without outputs"
    assert "snipexec: ran" not in built.stderr and not (records / "gamma.json").exists(), "nothing ran"

    # The engine-neutral build and the command line obey it too.
    tree = snipexec_cli(partial.path, "build", "--out", str(folder / "partial-tree"), env=FORBID)
    assert tree.returncode == 1 and "docs/gamma.md: never run" in tree.stderr, tree.stderr
    assert not (folder / "partial-tree").exists()
    run = snipexec_cli(partial.path, "run", env=FORBID)
    assert run.returncode == 1 and "docs/gamma.md: never run" in run.stderr, run.stderr


def test_the_split_weighs_chapters_by_their_records(sharded, source):
    """Longest first into the lightest share; a chapter without a record weighs as the
    longest recorded one. Times come from the records (edited here to fixed values)."""
    import json

    folder: Path = sharded["folder"]  # type: ignore[assignment]
    clone = _copy(source.path, folder / "weighed")
    records = clone.path / ".cache" / "snipexec" / "records"
    for k in range(1, N + 1):
        shutil.copytree(folder / f"shard{k}" / "records", records, dirs_exist_ok=True)
    for name, seconds in {"alpha": 9.0, "beta": 4.0, "gamma": 3.0}.items():
        record = json.loads((records / f"{name}.json").read_text())
        record["run"]["seconds"] = seconds
        (records / f"{name}.json").write_text(json.dumps(record))
    (records / "delta.json").unlink()  # weighs as alpha, the longest: 9 s

    out = snipexec_cli(clone.path, "run", "--force", "--shard", "3/2", env=FORBID)
    assert out.returncode == 1 and "expected K/N with 1 <= K <= N" in out.stderr
    # Forced, every chapter is stale; execution forbidden, the plan is printed, nothing runs.
    out = snipexec_cli(clone.path, "run", "--force", "--shard", "1/2", env=FORBID)
    lines = [line.split("predicted ")[1] for line in out.stdout.splitlines() if " share " in line]
    jobs = os.cpu_count() or 1  # a share runs `jobs` chapters at once: ~ its sum / jobs, >= its longest
    assert lines == [
        f"{max(13 / jobs, 9):.1f} s: docs/alpha.md, docs/beta.md",
        f"{max(12 / jobs, 9):.1f} s (1 without a record, weighed as the longest): "
        "docs/delta.md, docs/gamma.md",
    ], out.stdout
    assert out.returncode == 1 and not (records / "delta.json").exists(), "forbidden: nothing ran"


@pytest.mark.parametrize(
    "weights, n, shares",
    [
        ({"a": 5, "b": 4, "c": 3, "d": 3, "e": 1}, 2, [["a", "d"], ["b", "c", "e"]]),
        ({"a": 1, "b": 5, "c": 4}, 2, [["b"], ["c", "a"]]),
        ({"a": 1, "b": 1, "c": 1}, 3, [["a"], ["b"], ["c"]]),
        ({"b": 2, "a": 2}, 1, [["a", "b"]]),
        ({"a": 1}, 3, [["a"], [], []]),
        ({}, 2, [[], []]),
    ],
)
def test_split_puts_the_longest_first_into_the_lightest_share(weights, n, shares):
    assert split(weights, n) == shares


@pytest.mark.parametrize("text", ["0/3", "4/3", "1", "a/b", "1/0", "-1/2"])
def test_a_shard_is_k_of_n(text):
    assert parse("2/3") == (2, 3)
    with pytest.raises(ShardError):
        parse(text)
