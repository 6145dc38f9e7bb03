"""Probe: runs inside a chapter's kernel, records what the chapter depends on.

In:  installed at kernel start (IPython ``exec_lines``, see ``snipexec.execute``), with the
     project root in ``$SNIPEXEC_ROOT`` and the folders snippets may write into in
     ``$SNIPEXEC_WRITABLE`` (``os.pathsep``-separated).
Out: :func:`report`, a JSON string the executor asks for after the last snippet:
     ``files`` (every file opened or imported that no installed distribution owns),
     ``packages`` (distribution -> version, for every imported module and every file
     read from an installed distribution) and ``python`` (``sys.version``).

It also refuses writes into the project tree outside the writable folders: a snippet
that writes into ``docs/`` or ``snippets/`` gets a ``PermissionError`` naming the file,
so a page can never depend on a file its own chapter changed.

``$SNIPEXEC_KERNEL_SETUP`` ("module:function", the plugin's ``kernel_setup:``) is called
once the hook is in place, e.g. to speed a library up without changing what it computes.

Python's audit hooks (PEP 578) report every ``open`` (``open()``, ``os.open()``,
``io.open_code`` for imports) and every file-system change; no library offers this
record, so this module is ours. Native code that opens files itself (safetensors' Rust
reader, ``mmap``) raises no event: the executor covers those by hashing the whole model
folder a chapter read a file from. Only the standard library is imported here.
"""

from __future__ import annotations

import json
import os
import sys
import sysconfig

_recording = True
_reads: set[str] = set()
_writes: set[str] = set()
_root = ""
_writable: tuple[str, ...] = ()

# Events that change the file system, and which of their arguments are paths.
_CHANGES = {
    "os.remove": (0,),
    "os.rmdir": (0,),
    "os.mkdir": (0,),
    "os.rename": (0, 1),
    "os.symlink": (1,),
    "os.link": (1,),
    "os.truncate": (0,),
    "os.chmod": (0,),
    "shutil.rmtree": (0,),
}
# The build machinery itself (this package) is not something a chapter depends on.
_MACHINERY = os.path.dirname(os.path.abspath(__file__)) + os.sep
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def install() -> None:
    """Start recording (idempotent per process)."""
    global _root, _writable
    if _root:
        return
    _root = os.path.realpath(os.environ.get("SNIPEXEC_ROOT", os.getcwd()))
    _writable = tuple(
        os.path.realpath(p) for p in os.environ.get("SNIPEXEC_WRITABLE", "").split(os.pathsep) if p
    )
    sys.dont_write_bytecode = True  # no __pycache__ writes into the project
    sys.addaudithook(_hook)
    setup = os.environ.get("SNIPEXEC_KERNEL_SETUP", "")
    if setup:  # after the hook: what the set-up reads is recorded like a snippet's reads
        module, _, function = setup.partition(":")
        getattr(__import__(module, fromlist=[function]), function)()


def _path(value: object) -> str | None:
    if isinstance(value, int) or value is None:
        return None  # a file descriptor: its path was seen when it was opened
    if hasattr(value, "__fspath__"):
        value = os.fspath(value)  # type: ignore[arg-type]
    if isinstance(value, bytes):
        value = os.fsdecode(value)
    return os.path.abspath(value) if isinstance(value, str) else None


def _refuse_project_write(path: str) -> None:
    real = os.path.realpath(path)
    inside = real == _root or real.startswith(_root + os.sep)
    if inside and not any(real == w or real.startswith(w + os.sep) for w in _writable):
        rel = os.path.relpath(real, _root)
        raise PermissionError(
            f"snipexec: snippets may not write into the project ({rel}); "
            "write into a temporary directory (tempfile.TemporaryDirectory()) instead"
        )


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event == "open":
        path = _path(args[0])
        if path is None:
            return
        mode, flags = args[1], args[2]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            mode is None and isinstance(flags, int) and flags & _WRITE_FLAGS
        )
        if writing:
            _refuse_project_write(path)
            _writes.add(path)
        elif _recording:
            _reads.add(path)
    elif event in _CHANGES:
        for index in _CHANGES[event]:
            path = _path(args[index]) if index < len(args) else None
            if path is not None:
                _refuse_project_write(path)
                _writes.add(path)


def _recorded_owner(rel: str) -> list[str]:
    """The distribution whose RECORD lists this site-packages file (e.g. an editable
    install's finder module, which no import name maps to)."""
    from importlib import metadata

    for dist in metadata.distributions():
        if any(str(f) == rel for f in dist.files or ()):
            return [dist.metadata["Name"]]
    return []


def _folders(*keys: str) -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    return tuple({os.path.realpath(paths[k]) + os.sep for k in keys})


def report() -> str:
    """What the chapter depended on so far, as JSON (see the module docstring)."""
    global _recording
    _recording = False  # what the report itself reads is not the chapter's
    reads, writes = set(_reads), set(_writes)
    from importlib import metadata

    # Top-level import name -> distributions; computed once per build by the executor
    # (snipexec.deps.owners_file), as it costs ~0.6 s.
    owners_json = os.environ.get("SNIPEXEC_OWNERS")
    if owners_json:
        with open(owners_json, encoding="utf-8") as file:
            owners = json.load(file)
    else:
        owners = metadata.packages_distributions()
    site = _folders("purelib", "platlib")
    stdlib = _folders("stdlib", "platstdlib")
    dists: set[str] = set()
    files: set[str] = set()

    def add(path: str) -> None:
        if os.path.abspath(path).startswith(_MACHINERY):
            return  # the machinery (probe, dark figures) is covered by the kernel settings
        real = os.path.realpath(path)
        if real.endswith(".pyc"):
            return  # compiled from a source file that is recorded itself
        prefix = next((p for p in site if real.startswith(p)), None)
        if prefix is None:
            if not any(real.startswith(p) for p in stdlib):  # Python's own: its version covers it
                files.add(path)
            return
        rel = real[len(prefix) :]
        top = rel.split(os.sep, 1)[0]
        if top.endswith(".dist-info"):
            owner = [top[: -len(".dist-info")].rsplit("-", 1)[0]]
        else:
            owner = owners.get(top.split(".", 1)[0], []) or _recorded_owner(rel)
        if owner:
            dists.update(owner)  # an installed file: the distribution's version covers it
        else:
            files.add(path)

    for path in reads - writes:
        add(path)
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if isinstance(file, str):
            add(os.path.abspath(file))
        dists.update(owners.get(str(getattr(module, "__name__", "")).split(".", 1)[0], []))
    versions: dict[str, str] = {}
    for dist in dists:
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    _recording = True
    return json.dumps(
        {"files": sorted(files), "packages": dict(sorted(versions.items())), "python": sys.version}
    )
