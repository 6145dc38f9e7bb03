"""Fresh Jupyter kernels forked from a process that has imported the reader's libraries.

Usage, in the reader's Python (``ReaderKernel`` in conftest.py copies this file out of the
repository, so it imports nothing of it):

- ``python kernel_zygote.py serve SOCKET SETUP MODULE...`` runs SETUP (a line of Python, in a
  namespace of its own: the GGUF speed-ups, the chat model parsed), imports the modules
  (the libraries the chapters' blocks import) and then, for each connection on the Unix
  socket SOCKET, forks a child that starts an ipykernel, as ``python -m ipykernel_launcher``
  does, with the connecting process's arguments, working folder and environment;
- ``python kernel_zygote.py kernel SOCKET -f CONNECTION_FILE`` is the kernel spec's
  command: it asks the server for a kernel and stands for it until it ends. Jupyter's
  kernel manager sees this process as the kernel: an interrupt it gets is passed on, and
  when it is killed (as nbclient stops a kernel), the kernel ends too.

Why: a fresh ``python`` pays 4-6 s of CPU importing torch, transformers, matplotlib and
pandas, once per chapter, and what a cell computes cannot depend on whether a library it
imports was imported a moment before (tests/standalone.py forks its runs for the same
reason). The kernel is a real ipykernel with a namespace of its own: a name a block forgot
to define or import still fails as in a fresh kernel.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import json
import os
import signal
import socket
import sys
import threading


def end_with_parent() -> None:
    """Be killed when the process that started this one ends, as an interrupted test run
    does (Linux's PR_SET_PDEATHSIG): started in a session of its own, nothing else would
    end the zygote or a kernel's stand-in. Forked children do not inherit it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG


def serve(path: str, setup: str, modules: list[str]) -> None:
    # What ipykernel does as it starts, before a cell can import matplotlib: its inline
    # backend (matplotlib reads this once, as it is imported).
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    exec(setup, {})
    for name in ["ipykernel.kernelapp", *modules]:
        with contextlib.suppress(Exception):  # a kernel's own import reports what fails
            importlib.import_module(name)
    server = socket.socket(socket.AF_UNIX)
    server.bind(path + ".new")
    server.listen()
    os.rename(path + ".new", path)  # whole: a client never finds a socket not yet listening
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernels are reaped as they end
    while True:
        conn, _ = server.accept()
        with conn.makefile() as lines:
            request = json.loads(lines.readline())
        if os.fork() == 0:
            server.close()
            start_kernel(conn, request)
        conn.close()


def start_kernel(conn: socket.socket, request: dict) -> None:
    """In the forked child: become the kernel the client asked for."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel's own subprocesses wait as usual

    def watch() -> None:  # the client's interrupts come as b"i"; its end (killed) as EOF
        while conn.recv(1):
            os.kill(os.getpid(), signal.SIGINT)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.argv = ["ipykernel_launcher", *request["argv"]]
    from ipykernel import kernelapp

    try:
        kernelapp.launch_new_instance()
    finally:
        os._exit(0)


def kernel(path: str, argv: list[str]) -> None:
    conn = socket.socket(socket.AF_UNIX)
    conn.connect(path)
    request = {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)}
    conn.sendall(json.dumps(request).encode() + b"\n")
    signal.signal(signal.SIGINT, lambda *_: conn.sendall(b"i"))
    while conn.recv(1):  # returns b"" when the kernel has ended
        pass


if __name__ == "__main__":
    role, path, *rest = sys.argv[1:]
    end_with_parent()
    serve(path, rest[0], rest[1:]) if role == "serve" else kernel(path, rest)
