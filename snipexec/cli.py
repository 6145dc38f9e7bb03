"""Command line: run chapters' snippets without MkDocs.

python -m snipexec run                      # every page under docs/
python -m snipexec run docs/attention.md    # one chapter
python -m snipexec run --force --show docs/attention.md
python -m snipexec run --shard 2/3 --copy-records out   # share 2 of 3 of the stale chapters (CI)
SNIPEXEC_EXECUTE=never python -m snipexec run   # fail, naming them, if any chapter is stale
python -m snipexec status                   # each chapter fresh or stale, and why
python -m snipexec list                     # pages and the snippets they show
python -m snipexec build --out .cache/zensical/docs   # the docs tree any engine can build
python -m snipexec new-chapter layer_norm --title "Layer normalisation"
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from snipexec import core, records
from snipexec.collect import Chapter, collect_chapter
from snipexec.errors import SnippetError
from snipexec.execute import ChapterRun, Settings, StaleChapters, check_chapters, page_uri, run_chapters
from snipexec.prepare import PrepareError
from snipexec.render import render_snippet
from snipexec.scaffold import ScaffoldError, new_chapter
from snipexec.shard import ShardError, parse, plan


def find_chapters(root: Path, pages: list[str]) -> list[Chapter]:
    """Chapters for the given pages, or for every page under docs/ that has snippets."""
    paths = [Path(p) for p in pages] or sorted((root / "docs").rglob("*.md"))
    chapters = [collect_chapter(p, p.read_text(encoding="utf-8"), root / "snippets") for p in paths]
    return [c for c in chapters if c.snippets]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m snipexec", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="execute chapters (cached) and report")
    run.add_argument("pages", nargs="*", help="Markdown pages; default: all under docs/")
    run.add_argument("--force", action="store_true", help="ignore the cache and execute again")
    run.add_argument("--show", action="store_true", help="print the rendered Markdown")
    run.add_argument("--timeout", type=int, help="seconds one snippet may run (default: mkdocs.yml's)")
    run.add_argument(
        "--shard",
        metavar="K/N",
        help="split the stale chapters into N shares balanced by their recorded times; run share K",
    )
    run.add_argument(
        "--copy-records",
        metavar="DIR",
        type=Path,
        help="also copy the records this run wrote to DIR/records/ (what to merge into another clone)",
    )
    status = sub.add_parser("status", help="say which chapters are fresh or stale, and why (runs nothing)")
    status.add_argument("pages", nargs="*", help="Markdown pages; default: all under docs/")
    listing = sub.add_parser("list", help="list pages and the snippets they show")
    listing.add_argument("pages", nargs="*")
    build = sub.add_parser(
        "build", help="run stale chapters and write the docs tree with outputs in place, for any engine"
    )
    build.add_argument("--out", type=Path, required=True, help="folder to write (emptied first)")
    build.add_argument("--site-url", default=None, help="the site's address (default: mkdocs.yml's)")
    scaffold = sub.add_parser("new-chapter", help="create page, snippet folder, test and nav entry")
    scaffold.add_argument("name", help="lower-case Python identifier, e.g. layer_norm")
    scaffold.add_argument("--title", required=True, help="the page title")
    scaffold.add_argument("--section", help="nav section to add it to (default: the last part)")
    args = parser.parse_args(argv)

    root = Path.cwd()
    if args.command == "new-chapter":
        try:
            written = new_chapter(root, args.name, args.title, args.section)
        except ScaffoldError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print("created:\n" + "\n".join(f"  {p.relative_to(root)}" for p in written))
        print(
            f"next: .venv/bin/pytest tests/test_snippets_{args.name}.py, then `make serve` "
            f"and open /{args.name}/"
        )
        return 0
    if args.command == "build":
        return _build(root, args.out, args.site_url)
    try:
        chapters = find_chapters(root, args.pages)
    except SnippetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.command == "list":
        for chapter in chapters:
            print(chapter.page.relative_to(root) if chapter.page.is_absolute() else chapter.page)
            for snippet in chapter.snippets:
                print(f"  {snippet.display_path}")
        return 0

    try:  # the build's settings (core.settings): the same cache key as `mkdocs build`
        settings = core.settings(
            root,
            core.plugin_options(root),
            timeout=getattr(args, "timeout", None),
            use_cache=not getattr(args, "force", False),
        )
    except PrepareError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.command == "status":
        return _status(chapters, settings, root)
    predicted = None
    if args.shard:
        try:
            chapters, predicted = _share(chapters, settings, args.shard)
        except ShardError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    start = time.perf_counter()
    failed = 0
    try:
        results = run_chapters(chapters, settings)
    except (PrepareError, StaleChapters) as error:  # kernel_setup names no function; nothing may run
        print(f"error: {error}", file=sys.stderr)
        return 1
    for result in results:
        status = "cached" if result.from_cache else "ran: " + "; ".join(result.reasons)
        if result.error is not None:
            failed += 1
            print(f"FAILED {result.chapter.page}\n{result.error}\n", file=sys.stderr)
            continue
        print(f"ok ({status}) {result.chapter.page}: {len(result.chapter.snippets)} snippets")
        if args.show:
            for snippet, cell in zip(result.chapter.snippets, result.notebook.cells, strict=True):
                print(render_snippet(snippet, cell.outputs), end="\n\n")
            for value, shown in zip(result.chapter.values, result.record.get("inline", []), strict=False):
                print(f"line {value.page_line}: {{eval}}`{value.source}` -> {shown['text']}")
    if args.copy_records:
        ran = [result for result in results if not result.from_cache and result.error is None]
        _copy_records(ran, settings, args.copy_records)
    ok = len(chapters) - failed
    print(f"{ok} chapter{'s' * (ok != 1)} ok, {failed} failed in {time.perf_counter() - start:.1f} s")
    if args.shard:
        guess = "?" if predicted is None else f"{predicted:.1f} s"
        print(f"shard {args.shard}: predicted {guess}, actual {time.perf_counter() - start:.1f} s")
    return 1 if failed else 0


def _copy_records(ran: list[ChapterRun], settings: Settings, out: Path) -> None:
    """The records of the chapters that ran, under `out` as under the cache folder: merged
    into another clone by copying `out`/records/ over its ``.cache/snipexec/records/``."""
    (out / records.FOLDER).mkdir(parents=True, exist_ok=True)  # even empty: CI uploads it
    for run in ran:
        page = page_uri(run.chapter, settings.root)
        target = records.path(out, page)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(records.path(settings.cache_dir, page), target)
    print(f"copied {len(ran)} record{'s' * (len(ran) != 1)} to {out / records.FOLDER}")


def _share(chapters: list[Chapter], settings: Settings, shard: str) -> tuple[list[Chapter], float | None]:
    """Share K of ``K/N`` (see snipexec.shard), and its predicted seconds; prints every share."""
    k, n = parse(shard)
    shares = plan(chapters, settings, n)
    stale = sum(len(share) for share in shares.shares)
    print(f"shard {k}/{n}: {stale} stale chapter{'s' * (stale != 1)} in {n} shares")
    for i in range(1, n + 1):
        mark = "runs" if i == k else "    "
        print(f"  {mark} share {i}: {shares.describe(i)}")
    return shares.shares[k - 1], shares.predicted(k)


def _status(chapters: list[Chapter], settings: Settings, root: Path) -> int:
    """One line per chapter; a stale one lists why. Exit 0 whether fresh or stale."""
    stale = 0
    for found in check_chapters(chapters, settings):
        page = found.chapter.page
        name = page.relative_to(root) if page.is_absolute() and page.is_relative_to(root) else page
        if found.fresh:
            print(f"fresh  {name}")
            continue
        stale += 1
        print(f"stale  {name}")
        for reason in found.reasons:
            print(f"         - {reason}")
    print(f"{len(chapters) - stale} fresh, {stale} stale")
    return 0


def _build(root: Path, out: Path, site_url: str | None) -> int:
    """`build --out DIR`: the engine-neutral docs tree (see snipexec.core.build)."""
    from mkdocs.utils.yaml import yaml_load

    with (root / "mkdocs.yml").open(encoding="utf-8") as f:
        config = yaml_load(f) or {}
    start = time.perf_counter()
    try:
        runs = core.build(
            root,
            root / out,
            core.plugin_options(root),
            config.get("site_url") or "" if site_url is None else site_url,
            bool(config.get("use_directory_urls", True)),
        )
    except (core.BuildError, SnippetError) as error:  # run_pages wraps PrepareError, StaleChapters
        print(f"error: {error}", file=sys.stderr)
        return 1
    ran = [run for run in runs if not run.from_cache]
    for run in ran:
        print(f"ran {run.chapter.page.name}: {'; '.join(run.reasons)}")
    print(
        f"wrote {out}: {len(runs)} chapters ({len(ran)} ran, {len(runs) - len(ran)} cached) "
        f"in {time.perf_counter() - start:.1f} s"
    )
    return 0
