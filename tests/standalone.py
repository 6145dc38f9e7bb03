"""Run snippet files on their own, as ``python -m snippets.<chapter>.<name>`` would, fast.

Each standalone run must start from a fresh interpreter: its hidden prelude re-runs the
earlier snippets it needs. What every run also pays, and what cannot change its
result, is importing torch, transformers and matplotlib (2-3 s) and parsing the chat
model's GGUF file (about 14 s per load, see scripts/gguf_speedups.py). So one server
process imports those libraries once, then forks a child per snippet file: the child
starts with the libraries loaded and nothing of this repository imported, runs the
module as ``__main__`` from the project root, and exits. Two children run at a time
(the machine's cores). The server never imports ``snippets``: every child imports its
own prelude from scratch, exactly as a fresh ``python -m`` does.

Usage: ``runner = StandaloneRunner(env, outdir); runner.submit(modules)``, then
``runner.result(module)``
returns ``(returncode, stdout, stderr)``.

Run as a script, this file is the server: it reads module names (one per line) on stdin
and writes ``<module> <returncode>`` on stdout as children finish; their output goes to
``<outdir>/<module>.out`` and ``.err``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class StandaloneRunner:
    """Client side: starts the server, queues modules, waits for their results."""

    def __init__(self, env: dict[str, str], outdir: Path, jobs: int = os.cpu_count() or 1) -> None:
        self.outdir = outdir
        self.done: dict[str, int] = {}
        self.lock = threading.Condition()
        self.server = subprocess.Popen(
            [sys.executable, __file__, str(outdir), str(jobs)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._collect, daemon=True).start()

    def submit(self, modules: list[str]) -> None:
        """Queue every module at once (the server runs them in this order)."""
        assert self.server.stdin is not None
        self.server.stdin.write("".join(m + "\n" for m in modules))
        self.server.stdin.close()

    def result(self, module: str, timeout: float = 1800) -> tuple[int, str, str]:
        with self.lock:
            if not self.lock.wait_for(lambda: module in self.done or self.server.poll() is not None, timeout):
                raise TimeoutError(f"{module} did not finish in {timeout} s")
            if module not in self.done:
                raise RuntimeError(f"the standalone server stopped (exit {self.server.returncode})")
            code = self.done[module]
        out = (self.outdir / f"{module}.out").read_text(errors="replace")
        err = (self.outdir / f"{module}.err").read_text(errors="replace")
        return code, out, err

    def close(self) -> None:
        self.server.kill()
        self.server.wait(timeout=60)

    def _collect(self) -> None:
        assert self.server.stdout is not None
        for line in self.server.stdout:
            module, code = line.split()
            with self.lock:
                self.done[module] = int(code)
                self.lock.notify_all()
        with self.lock:
            self.lock.notify_all()


def _child(module: str, outdir: Path) -> None:
    """In the forked child: become ``python -m module`` with output in files, and exit."""
    import runpy
    import traceback

    for fd, suffix in ((1, "out"), (2, "err")):
        target = os.open(outdir / f"{module}.{suffix}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(target, fd)
        os.close(target)
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115 - the child's whole life
    sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
    sys.stdin = open(os.devnull)  # noqa: SIM115
    sys.argv = [module]
    code = 0
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _serve(outdir: Path, jobs: int) -> None:
    """Import what every snippet run would import anyway, then fork one child per module."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
    import torch  # noqa: F401
    import transformers  # noqa: F401
    from huggingface_hub import try_to_load_from_cache

    sys.path.insert(0, str(ROOT))
    from scripts import gguf_speedups
    from scripts.hub_cache import GGUF_FILE, GGUF_REPO, GGUF_REVISION

    gguf_speedups.install()
    gguf = try_to_load_from_cache(GGUF_REPO, GGUF_FILE, revision=GGUF_REVISION)
    if isinstance(gguf, str):
        gguf_speedups.CachedGGUFReader(gguf)  # parsed once here, shared by every child
    # sys.path now starts with the root, as `python -m` run from the root has it.

    running: dict[int, str] = {}

    def reap(block: bool) -> None:
        while running:
            pid, status = os.waitpid(-1, 0 if block else os.WNOHANG)
            if pid == 0:
                return
            print(running.pop(pid), os.waitstatus_to_exitcode(status), flush=True)
            block = False

    for line in sys.stdin:
        module = line.strip()
        if not module:
            continue
        while len(running) >= jobs:
            reap(block=True)
        pid = os.fork()
        if pid == 0:
            _child(module, outdir)
        running[pid] = module
    while running:
        reap(block=True)


if __name__ == "__main__":
    os.chdir(ROOT)
    _serve(Path(sys.argv[1]), int(sys.argv[2]))
