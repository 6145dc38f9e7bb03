"""Run snippet files on their own, as ``python -m snippets.<chapter>.<name>`` would, fast.

A standalone run starts from a fresh interpreter: its hidden prelude imports the earlier
snippets it needs, which run first, in the order Python imports them. What every run
also pays, and what cannot change its result, is importing libraries — torch, pandas,
matplotlib, transformers and the model code its ``from_pretrained`` imports (2-4 s) —
and parsing the chat model's GGUF file (see scripts/gguf_speedups.py). So one server
process imports every library module the snippets import, once, and never ``snippets``.

Running file *k* alone first executes its prelude's snippet modules — a fixed sequence,
known from the files' import lines (each module's own imports first, depth first, as
Python runs them). Two files whose preludes execute the same sequence start from the same
state, so the server forks a process per distinct sequence prefix (a tree: ``[]`` ->
``[load]`` -> ``[load, embed]``…), each importing one more module than its parent, and
forks each file's run from the process whose executed sequence is exactly that file's
prelude sequence. The run then executes the module as ``__main__`` from the project root,
as a fresh ``python -m`` would after its imports; the costly shared preludes (loading a
model, training a small one) run once instead of once per later file. At most ``jobs``
imports or runs use the CPU at a time (the machine's cores).

A file that is itself a prelude step *from its own prelude's state* (``load`` in the tree
above, say) is not executed twice: the import at that step, with its output going to the
file's own output files, is its run — unless its code looks at its own name (``__name__``,
``__spec__``, the string ``"__main__"``), the one thing that differs between importing a
module and running it with ``-m``. Nothing else can make the two differ, and a module's
name could only make the import's output differ from the page's (a chapter's session runs
in ``__main__``, as ``-m`` does), never agree where the real run would not.

Usage: ``runner = StandaloneRunner(env, outdir); runner.submit(modules)``, then
``runner.result(module)``
returns ``(returncode, stdout, stderr)``.

Run as a script, this file is the server: it reads module names (one per line) on stdin
until it closes and writes ``<module> <returncode>`` on stdout as runs finish; their
output goes to ``<outdir>/<module>.out`` and ``.err``.
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

    def __init__(
        self,
        env: dict[str, str],
        outdir: Path,
        jobs: int = os.cpu_count() or 1,
        nice: tuple[str, ...] = (),
        root: Path = ROOT,
    ) -> None:
        """`nice`: a command prefix, e.g. ``("nice", "-n", "10")`` (the server's runs inherit it).
        `root`: the project whose ``snippets`` package runs (tests use throwaway ones)."""
        self.outdir = outdir
        self.done: dict[str, int] = {}
        self.lock = threading.Condition()
        self.server = subprocess.Popen(
            [*nice, sys.executable, __file__, str(outdir), str(jobs), str(root)],
            cwd=root,
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


def prelude_sequence(module: str, done: frozenset[str] = frozenset()) -> list[str]:
    """The snippet modules that importing `module` executes before its own code, in the
    order Python executes them (each module's imports first), skipping those in `done`."""
    order: list[str] = []
    seen = set(done)

    def visit(name: str) -> None:
        for dep in _snippet_imports(name):
            if dep not in seen:
                seen.add(dep)
                visit(dep)
                order.append(dep)

    visit(module)
    return order


def _snippet_imports(module: str) -> list[str]:
    """``snippets.*`` modules imported at the top level of `module`'s file, in order."""
    import ast

    path = ROOT / (module.replace(".", "/") + ".py")
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return []  # the run itself will fail and say why
    found: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("snippets.")]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if not node.module.startswith("snippets."):
                continue
            package = ROOT / node.module.replace(".", "/")
            if package.is_dir():  # from snippets.chapter import file
                files = [a.name for a in node.names if (package / f"{a.name}.py").exists()]
                found += [f"{node.module}.{name}" for name in files]
            else:
                found.append(node.module)
    return found


class _Node:
    """Processes to fork from the state after executing one more prelude module."""

    def __init__(self) -> None:
        self.runs: list[str] = []  # files whose prelude sequence ends here
        self.children: dict[str, _Node] = {}

    def add(self, path: list[str], module: str) -> None:
        node = self
        for step in path:
            node = node.children.setdefault(step, _Node())
        node.runs.append(module)

    def all_runs(self) -> list[str]:
        return self.runs + [m for child in self.children.values() for m in child.all_runs()]


class _Pool:
    """At most `jobs` processes working at a time, across the whole process tree: a pipe
    holding one byte per free slot, inherited by every fork."""

    def __init__(self, jobs: int) -> None:
        self.read, self.write = os.pipe()
        os.write(self.write, b"x" * jobs)

    def acquire(self) -> None:
        os.read(self.read, 1)

    def release(self) -> None:
        os.write(self.write, b"x")


def _report(fd: int, module: str, code: int) -> None:
    os.write(fd, f"{module} {code}\n".encode())  # one short write: whole lines, never mixed


def _name_blind(module: str) -> bool:
    """True if `module`'s code never reads its own name: importing it then runs exactly the
    code ``python -m`` runs (see the module docstring)."""
    import ast

    path = ROOT / (module.replace(".", "/") + ".py")
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return False  # the real run says why
    names = {"__name__", "__spec__", "__loader__", "__package__"}
    return not any(
        (isinstance(node, ast.Name) and node.id in names)
        or (isinstance(node, ast.Constant) and node.value == "__main__")
        for node in ast.walk(tree)
    )


def _output_to(outdir: Path, module: str) -> None:
    """Send this process's output (fds 1 and 2, sys.stdout, sys.stderr) to `module`'s files."""
    for fd, suffix in ((1, "out"), (2, "err")):
        target = os.open(outdir / f"{module}.{suffix}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(target, fd)
        os.close(target)
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115 - until the next redirection
    sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115


def _run(module: str, outdir: Path, pool: _Pool, report: int) -> None:
    """In a forked child: become ``python -m module`` with output in files, and exit."""
    import runpy
    import traceback

    _output_to(outdir, module)
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
    _report(report, module, code)
    pool.release()
    os._exit(0)


def _visit(node: _Node, outdir: Path, pool: _Pool, report: int) -> None:
    """From this process's state, fork the runs that start here and one process per next
    module (which imports it, then visits its own node); wait for all of them."""
    import importlib
    import traceback

    pids = []
    # Runs that are also the next import from this very state: that import is their run.
    by_import = {step for step in node.children if step in node.runs and _name_blind(step)}
    for step, child in node.children.items():
        pool.acquire()
        pid = os.fork()
        if pid == 0:
            failure = ""
            if step in by_import:
                quiet = (os.dup(1), os.dup(2))
                _output_to(outdir, step)
                sys.argv = [step]
            try:
                importlib.import_module(step)
            except BaseException:
                failure = traceback.format_exc()
                if step in by_import:
                    sys.stderr.write(failure)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                pool.release()
            if step in by_import:
                _report(report, step, 1 if failure else 0)
                for fd, saved in zip((1, 2), quiet, strict=True):
                    os.dup2(saved, fd)  # what later imports print goes nowhere again
                sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
                sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
            if failure:  # every run below would execute this same import, and fail alike
                for module in child.all_runs():
                    (outdir / f"{module}.out").write_text("")
                    (outdir / f"{module}.err").write_text(f"importing {step} failed:\n{failure}")
                    _report(report, module, 1)
            else:
                _visit(child, outdir, pool, report)
            os._exit(0)
        pids.append(pid)
    for module in (m for m in node.runs if m not in by_import):
        pool.acquire()
        pid = os.fork()
        if pid == 0:
            _run(module, outdir, pool, report)
        pids.append(pid)
    for pid in pids:
        os.waitpid(pid, 0)


def _library_imports(root: Path) -> dict[str, set[str]]:
    """Every module outside ``snippets`` that a snippet file imports at its top level, with
    the names it takes from it (``from transformers import AutoModel``: a lazy attribute)."""
    import ast

    found: dict[str, set[str]] = {}
    for path in sorted((root / "snippets").rglob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, UnicodeDecodeError):
            continue  # the run itself will fail and say why
        for node in tree.body:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    found.setdefault(alias.name, set())
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.setdefault(node.module, set()).update(a.name for a in node.names)
    return {m: names for m, names in found.items() if m.split(".")[0] != "snippets"}


def _serve(outdir: Path, jobs: int) -> None:
    """Import what every snippet run would import anyway, then fork the tree of runs."""
    import importlib

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
    import torch  # noqa: F401
    import transformers  # noqa: F401
    import transformers.modeling_utils  # noqa: F401 - what every from_pretrained imports (~2 s)
    from huggingface_hub import try_to_load_from_cache

    for module, names in _library_imports(ROOT).items():
        try:
            imported = importlib.import_module(module)
            for name in names:
                getattr(imported, name, None)
        except Exception:  # noqa: BLE001 - the run that imports it will fail and say why
            continue

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this project's scripts
    from scripts import gguf_speedups
    from scripts.hub_cache import GGUF_FILE, GGUF_REPO, GGUF_REVISION

    sys.path.insert(0, str(ROOT))

    gguf_speedups.install()
    gguf = try_to_load_from_cache(GGUF_REPO, GGUF_FILE, revision=GGUF_REVISION)
    if isinstance(gguf, str):
        gguf_speedups.warm(gguf)  # parsed once here, shared by every child
    # sys.path now starts with the root, as `python -m` run from the root has it.

    root = _Node()
    for module in (line.strip() for line in sys.stdin):
        if module:
            root.add(prelude_sequence(module), module)
    # Results go to the client on the original stdout; what imported snippets print while
    # the tree is built goes nowhere (each run's own output goes to its files).
    report = os.dup(1)
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    sys.stdin = open(os.devnull)  # noqa: SIM115
    _visit(root, outdir, _Pool(jobs), report)


if __name__ == "__main__":
    ROOT = Path(sys.argv[3])
    os.chdir(ROOT)
    _serve(Path(sys.argv[1]), int(sys.argv[2]))
