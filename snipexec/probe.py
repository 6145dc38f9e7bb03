"""Probe: runs inside a chapter's kernel, records what the chapter depends on.

In:  installed at kernel start (IPython ``exec_lines``, see ``snipexec.execute``), with the
     project root in ``$SNIPEXEC_ROOT`` and the folders snippets may write into in
     ``$SNIPEXEC_WRITABLE`` (``os.pathsep``-separated).
Out: :func:`report`, a JSON string the executor asks for after the last snippet:
     ``files`` (every file opened or imported that no installed distribution owns),
     ``packages`` (distribution -> version, for every imported module and every file
     read from an installed distribution), ``python`` (``sys.version``), and ``unseen``:
     why some reads cannot be known (a snippet started a child process; the watch
     below lost events), which makes the run stale on every build.

It also refuses writes into the project tree outside the writable folders: a snippet
that writes into ``docs/`` or ``snippets/`` gets a ``PermissionError`` naming the file,
so a page can never depend on a file its own chapter changed.

``$SNIPEXEC_KERNEL_SETUP`` ("module:function", the plugin's ``kernel_setup:``) is called
once the hook is in place, e.g. to speed a library up without changing what it computes.

Python's audit hooks (PEP 578) report every ``open`` (``open()``, ``os.open()``,
``io.open_code`` for imports) and every file-system change; no library offers this
record, so this module is ours. Native code that opens files itself (safetensors' Rust
reader, ``mmap``) raises no event, nor does a child process (``cat data.txt``). So the
project's data folders (``snippets/``, ``data/``, ``models/``...: every folder below the
root but the build's own, see ``_UNWATCHED_AT_ROOT``) are also watched with Linux's
inotify while the chapter runs, and every file opened there is recorded. inotify does
not say who opened a file: an open by another process at the same moment (a test, an
editor, another chapter's kernel) is recorded too, which can only make the chapter
re-run more often. Files outside the watch that a child process reads cannot be seen,
so a chapter that starts a process (``subprocess``, ``os.system``, ``os.exec*``,
``os.posix_spawn``, ``os.fork``) is stale on every build, and says why. The watch is
read without a thread (a thread would not survive the fork of a ``serve`` session,
``snipexec.forkkernel``): the kernel queues the events, and they are read after each
cell and for the report. Only the standard library is imported here.
"""

from __future__ import annotations

import ctypes
import json
import os
import struct
import sys
import sysconfig

_recording = True
_reads: set[str] = set()
_writes: set[str] = set()
_root = ""
_writable: tuple[str, ...] = ()
_unseen: list[str] = []  # why some reads cannot be known, in order, each once
_cell = 0  # the snippet running now (1-based; 0: the kernel's start-up)

# Events that start a process: its reads are not this process's audit events.
_PROCESSES = {
    "subprocess.Popen": 1,  # (executable, args, cwd, env): the command is args[0]
    "os.system": 0,
    "os.exec": 1,  # (path, args, env)
    "os.posix_spawn": 1,
    "os.spawn": 2,  # (mode, path, args, env)
    "os.fork": None,
    "os.forkpty": None,
}

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
# Folders of the project tree not watched: anywhere, and at its top (the site, the venv).
# What the watch leaves out: the build's own folders and files, which the builds, tests and
# editors around a chapter open all the time (each open would become a dependency of every
# chapter running then), and which no snippet reads with a native reader: the pages
# (docs/), tests, vendored scripts, the site, environments, hidden folders (.git, caches),
# the machinery, the files at the top (configuration), and Python source anywhere
# (imports and Python's own reads are audit events).
_UNWATCHED_AT_ROOT = ("docs", "tests", "vendor", "site", "venv", "node_modules")
_UNWATCHED_SUFFIXES = (".py", ".pyc")
# The build machinery itself (this package) is not something a chapter depends on.
_MACHINERY = os.path.dirname(os.path.abspath(__file__)) + os.sep
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


class _Watch:
    """Files opened in the project tree, by any process, as Linux's inotify reports them."""

    IN_OPEN, IN_Q_OVERFLOW, IN_ISDIR, IN_ONLYDIR = 0x20, 0x4000, 0x40000000, 0x01000000
    IN_NONBLOCK, IN_CLOEXEC = os.O_NONBLOCK, os.O_CLOEXEC  # what inotify_init1 takes

    def __init__(self) -> None:
        self.fd = -1
        self.folders: dict[int, str] = {}  # watch descriptor -> folder
        self.opened: set[str] = set()
        self.lost = ""  # why some opens may be missing

    def start(self, root: str, skip: tuple[str, ...]) -> None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            init, add = libc.inotify_init1, libc.inotify_add_watch
        except (OSError, AttributeError):
            return  # not Linux: audit events only (and whole model folders, snipexec.deps)
        self.fd = init(self.IN_NONBLOCK | self.IN_CLOEXEC)
        if self.fd < 0:
            self.lost = f"the project tree could not be watched ({os.strerror(ctypes.get_errno())})"
            return
        for folder, subfolders, _ in os.walk(root):
            subfolders[:] = [
                name
                for name in subfolders
                if not name.startswith(".")
                and name != "__pycache__"
                and not (folder == root and name in _UNWATCHED_AT_ROOT)
                and os.path.realpath(os.path.join(folder, name)) not in skip
            ]
            if folder == root:
                continue  # its subfolders only
            wd = add(self.fd, os.fsencode(folder), self.IN_OPEN | self.IN_ONLYDIR)
            if wd < 0:
                why = os.strerror(ctypes.get_errno())
                self.lost = f"the project tree could not be watched ({folder}: {why})"
                return
            self.folders[wd] = folder

    def read(self) -> None:
        """Take the queued events (without waiting): each is 16 bytes, then a file name."""
        while self.fd >= 0:
            try:
                data = os.read(self.fd, 1 << 16)
            except BlockingIOError:
                return  # nothing more queued
            offset = 0
            while offset < len(data):
                wd, mask, _, size = struct.unpack_from("iIII", data, offset)
                name = data[offset + 16 : offset + 16 + size].rstrip(b"\0")
                offset += 16 + size
                if mask & self.IN_Q_OVERFLOW:
                    self.lost = "more files were opened at once than the watch could queue"
                elif (
                    name
                    and not mask & self.IN_ISDIR
                    and wd in self.folders
                    and not name.endswith(_UNWATCHED_SUFFIXES_BYTES)
                ):
                    self.opened.add(os.path.join(self.folders[wd], os.fsdecode(name)))


_UNWATCHED_SUFFIXES_BYTES = tuple(s.encode() for s in _UNWATCHED_SUFFIXES)
_watch = _Watch()


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
    _watch.start(_root, (*_writable, os.path.realpath(_MACHINERY)))
    sys.addaudithook(_hook)
    shell = getattr(__import__("builtins"), "get_ipython", lambda: None)()
    if shell is not None:  # which snippet runs (for the reasons), and the watch read after each
        shell.events.register("pre_run_cell", _pre_run_cell)
        shell.events.register("post_run_cell", lambda result: _watch.read())
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


def _pre_run_cell(info: object) -> None:
    global _cell
    if getattr(info, "store_history", False):  # a snippet, not a start-up line or a request
        _cell += 1


def _started(event: str, args: tuple[object, ...]) -> None:
    """Note a child process (not one the machinery itself forks: a serve session's copies)."""
    caller = sys._getframe(2).f_code.co_filename  # who called os.fork, subprocess.Popen, ...
    if os.path.abspath(caller).startswith(_MACHINERY):
        return
    index = _PROCESSES[event]
    command = "fork" if index is None else _command(args[index] if index < len(args) else None)
    who = f"snippet {_cell}" if _cell else "the kernel's start-up"
    why = f"{who} starts a child process ({command}): its reads cannot be seen"
    if why not in _unseen:
        _unseen.append(why)


def _command(value: object) -> str:
    """The program's name: `cat` for ["cat", "x"], "cat x | wc", b"/bin/cat"."""
    if isinstance(value, list | tuple) and value:
        value = value[0]
    if isinstance(value, bytes):
        value = os.fsdecode(value)
    if hasattr(value, "__fspath__"):
        value = os.fspath(value)  # type: ignore[arg-type]
    if not isinstance(value, str) or not value.strip():
        return "?"
    return os.path.basename(value.split()[0])


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event in _PROCESSES:
        if _recording:
            _started(event, args)
    elif event == "open":
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
    _watch.read()
    _recording = False  # what the report itself reads is not the chapter's
    reads, writes = set(_reads) | _watch.opened, set(_writes)
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
    unseen = _unseen + ([f"its reads cannot all be seen: {_watch.lost}"] if _watch.lost else [])
    return json.dumps(
        {
            "files": sorted(files),
            "packages": dict(sorted(versions.items())),
            "python": sys.version,
            "unseen": unseen,
        }
    )
