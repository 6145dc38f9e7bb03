"""Benchmark the build (not a test): cold, warm and execution-off builds, as ratios.

    .venv/bin/python scripts/bench.py

Cold: empty snippet cache, every chapter executes. Warm: the same again, nothing changed,
so nothing executes. Off: SNIPEXEC_EXECUTE=0, pages rendered without running code — the
floor that MkDocs and Material alone cost.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(env: dict[str, str], site: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return time.perf_counter() - start


def main() -> None:
    base = {**os.environ, "HF_HUB_OFFLINE": "1", "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**base, "SNIPEXEC_CACHE_DIR": str(Path(tmp) / "cache")}
        cold = build(env, Path(tmp) / "site")
        warm = build(env, Path(tmp) / "site")
        off = build({**base, "SNIPEXEC_EXECUTE": "0"}, Path(tmp) / "site")
    print(f"cold build (empty cache)    {cold:7.1f} s")
    print(f"warm rebuild (nothing new)  {warm:7.1f} s   cold/warm = {cold / warm:5.1f}x")
    print(f"execution off               {off:7.1f} s   warm/off  = {warm / off:5.2f}x")


if __name__ == "__main__":
    main()
