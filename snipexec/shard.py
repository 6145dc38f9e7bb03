"""Shards: the stale chapters split into N shares, one per machine of CI's matrix.

In:  the chapters, the run's settings, and ``K/N`` (this machine's share, counted from 1).
Out: :class:`Plan`: every share's chapters and predicted seconds, and which one is ours.

The split is deterministic: it depends only on the chapters' pages and their records,
so every machine of the matrix, restoring the same cache, computes the same shares and
runs only its own. Longest first, each chapter goes to the lightest share so far (ties:
the lower share; chapters of equal weight: by page), weighed by its record's seconds; a
chapter with no record weighs as the longest recorded one. Each share writes its
chapters' records as any run does, and a record is valid in any clone
(:mod:`snipexec.records`), so a final job merges the shares by copying record files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from snipexec.collect import Chapter
from snipexec.execute import Cache, Settings, page_uri

SHARD = re.compile(r"^(\d+)/(\d+)$")


class ShardError(ValueError):
    """``--shard`` is not ``K/N`` with 1 <= K <= N."""


def parse(text: str) -> tuple[int, int]:
    """``"2/3"`` -> ``(2, 3)``."""
    match = SHARD.match(text.strip())
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise ShardError(f"--shard {text!r}: expected K/N with 1 <= K <= N, e.g. 1/3")
    return int(match.group(1)), int(match.group(2))


def split(weights: dict[str, float], n: int) -> list[list[str]]:
    """Names into `n` shares: longest first, each into the lightest share so far."""
    shares: list[list[str]] = [[] for _ in range(n)]
    loads = [0.0] * n
    for name in sorted(weights, key=lambda name: (-weights[name], name)):
        lightest = min(range(n), key=lambda i: (loads[i], i))
        shares[lightest].append(name)
        loads[lightest] += weights[name]
    return shares


@dataclass
class Plan:
    """The shares of the stale chapters; ``shares[k - 1]`` is share ``k``'s."""

    shares: list[list[Chapter]]
    seconds: dict[str, float]  # page -> its weight: its record's seconds, or `longest`
    unrecorded: set[str]  # pages without a record
    longest: float | None  # the longest recorded chapter; None: no chapter has a record
    root: Path  # the project root, to name pages
    jobs: int  # chapters a machine runs at once

    def pages(self, k: int) -> list[str]:
        return [page_uri(chapter, self.root) for chapter in self.shares[k - 1]]

    def predicted(self, k: int) -> float | None:
        """Share `k`'s wall time from its records (None: no chapter has one): its
        chapters run `jobs` at a time, so about their sum over the jobs, and never less
        than the longest."""
        times = [self.seconds[page] for page in self.pages(k)]
        if self.longest is None and times:
            return None
        return max([sum(times) / max(1, self.jobs), *times]) if times else 0.0

    def describe(self, k: int) -> str:
        """``predicted 12.3 s (1 never run, weighed as the longest): docs/a.md, docs/b.md``."""
        seconds = self.predicted(k)
        text = "predicted ?" if seconds is None else f"predicted {seconds:.1f} s"
        unrecorded = sum(page in self.unrecorded for page in self.pages(k))
        if unrecorded and seconds is not None:
            text += f" ({unrecorded} without a record, weighed as the longest)"
        return f"{text}: {', '.join(self.pages(k)) or '(none)'}"


def plan(chapters: list[Chapter], settings: Settings, n: int) -> Plan:
    """Split the chapters that would run (stale, or all with ``use_cache`` off) into `n` shares."""
    cache = Cache(settings)
    try:
        stale = [c for c in chapters if c.snippets and not (settings.use_cache and cache.check(c).fresh)]
        recorded = {page_uri(c, settings.root): cache.recorded_seconds(c) for c in chapters}
    finally:
        cache.save()
    longest = max((s for s in recorded.values() if s is not None), default=None)
    by_page = {page_uri(c, settings.root): c for c in stale}
    seconds = {page: _or(recorded[page], _or(longest, 1.0)) for page in by_page}
    shares = [[by_page[page] for page in share] for share in split(seconds, n)]
    unrecorded = {page for page in by_page if recorded[page] is None}
    return Plan(shares, seconds, unrecorded, longest, settings.root, settings.jobs)


def _or(value: float | None, default: float) -> float:
    return default if value is None else value
