"""ProperDocs, a drop-in fork of MkDocs 1.6, builds the unchanged sources (issue 25 §2).

It reads the same mkdocs.yml and runs the same plugins (snipexec, Material, mkdocs-jupyter),
so if MkDocs' plugin API goes away the guide still builds without a line changed. It is
installed in the project's venv (requirements.txt), where the snippet cache's records are
valid for it too: it runs nothing again.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow
PROPERDOCS = Path(sys.executable).parent / "properdocs"
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
# The sitemap dates every page with the day of its build: two builds either side of
# midnight differ there.
LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def test_properdocs_builds_the_same_site_from_the_same_cache(built_site: Path, tmp_path: Path):
    """Every file of its site is the MkDocs build's, byte for byte, but for the generator tag
    and the execution report, which says each chapter came from the cache where the MkDocs
    build ran it (in a fresh clone)."""
    site = tmp_path / "site"
    # never: a chapter the MkDocs build left stale would fail the build, not run again.
    built = subprocess.run(
        [str(PROPERDOCS), "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env={**os.environ, "SNIPEXEC_EXECUTE": "never"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr[-5000:]
    assert b"ProperDocs" in (site / "index.html").read_bytes()
    ours = {p.relative_to(site) for p in site.rglob("*") if p.is_file()}
    theirs = {p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file()}
    assert ours == theirs

    def content(path: Path) -> bytes:
        data = path.read_bytes()
        if path.suffix == ".gz":  # the compressed sitemap (its header holds a time too)
            data = gzip.decompress(data)
        return LASTMOD.sub(b"", GENERATOR.sub(b"", data))

    differ = [str(path) for path in sorted(ours) if content(site / path) != content(built_site / path)]
    assert set(differ) <= {"execution/index.html"}
    assert "snippet-output" in (site / "attention" / "index.html").read_text()
