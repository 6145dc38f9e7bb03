"""Fork kernel: the kernel side of ``snipexec.session`` — a shell that forks per snippet.

Started by the server with one end of a socket pair; it receives the kernel settings
(``snipexec.execute.KERNEL_CONFIG``), builds ipykernel's shell as a Jupyter kernel would
and runs the start-up lines (the probe, dark figures, ``kernel_setup``). Then, for every
request ``("run", code, count, max_chars)``, it forks: the child runs the code as cell
``count``, sends back its outputs (nbformat dicts, via ``output_from_msg`` as nbclient
makes them) and waits for requests of its own (``("evaluate", expressions, 0, max_chars)``:
the child answers as a kernel answers ``user_expressions``); the parent sends the child's pid and a
socket to it, and waits again, unchanged. ``("report",)`` answers with the probe's record.

Single-threaded on purpose: ``fork()`` copies only the calling thread, so a Jupyter
kernel (IOPub, heartbeat and control threads, ZMQ sockets) cannot be forked; this shell
has none of those. Imports only what a kernel imports, so a snippet sees the modules a
kernel would have loaded (the probe records them).
"""

from __future__ import annotations

import gc
import io
import os
import socket
import sys
import time
from multiprocessing.connection import Connection
from multiprocessing.reduction import send_handle
from typing import Any

import nbformat

from snipexec.outputs import fit_stream


class Outputs:
    """The outputs of the snippet being run, built from the shell's messages."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.items: list[dict[str, Any]] = []
        self.stream_chars = 0
        self.dropped = 0
        self.clear_on_next = False

    def message(self, msg_type: str, content: dict[str, Any]) -> None:
        if msg_type == "clear_output":  # as nbclient: now, or before the next output
            if content.get("wait"):
                self.clear_on_next = True
            else:
                self.items.clear()
            return
        if msg_type == "update_display_data":  # as nbclient: update earlier outputs in place
            display_id = content.get("transient", {}).get("display_id")
            for item in self.items:
                if display_id and item.get("transient", {}).get("display_id") == display_id:
                    item.update(data=content["data"], metadata=content["metadata"])
            return
        if self.clear_on_next:
            self.items.clear()
            self.clear_on_next = False
        msg = {"header": {"msg_type": msg_type}, "msg_type": msg_type, "content": content}
        output = dict(nbformat.v4.output_from_msg(msg))
        if content.get("transient"):
            output["transient"] = content["transient"]  # for updates; dropped when sent
        self.items.append(output)

    def stream(self, name: str, text: str) -> None:
        # Capped while it arrives, by the rule snipexec.execute.BoundedClient follows.
        kept = fit_stream(text, self.stream_chars, self.max_chars)
        self.dropped += len(text) - len(kept)
        if kept:
            self.stream_chars += len(kept)
            self.message("stream", {"name": name, "text": kept})

    def result(self, ok: bool, seconds: float) -> dict[str, Any]:
        items = [{k: v for k, v in o.items() if k != "transient"} for o in self.items]
        return {"ok": ok, "outputs": items, "dropped": self.dropped, "seconds": seconds}


class Stream(io.TextIOBase):
    """``sys.stdout``/``sys.stderr`` of a copy: every write becomes stream output."""

    def __init__(self, name: str, current: list[Outputs]) -> None:
        self.name = name
        self._current = current
        self._encoding = "utf-8"

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        self._current[0].stream(self.name, text)
        return len(text)


def make_shell(config_text: str, current: list[Outputs]) -> Any:
    """ipykernel's shell, configured as the build's kernels are, its messages captured."""
    from ipykernel.zmqshell import ZMQInteractiveShell
    from jupyter_client.session import Session
    from traitlets.config import Config

    class Capture(Session):  # type: ignore[misc]
        def send(self, stream: Any, msg_or_type: Any, content: Any = None, *args: Any, **kwargs: Any) -> None:
            if isinstance(msg_or_type, dict):
                msg_type, content = msg_or_type["header"]["msg_type"], msg_or_type["content"]
            else:
                msg_type = msg_or_type
            current[0].message(msg_type, content)

    config = Config()
    exec(config_text, {"c": config})  # the text the build writes into its kernels' profile
    # The kernel settings switch IPython's history database off (copies would share it,
    # and IPython saves it in a thread); say so again in case the settings text changes.
    config.HistoryManager.enabled = False
    # As ipykernel does: figures go to the inline backend unless the environment says otherwise.
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    shell = ZMQInteractiveShell.instance(config=config)
    capture = Capture()
    for hook in (shell.displayhook, shell.display_pub):
        hook.session, hook.pub_socket = capture, None
    sys.stdout, sys.stderr = Stream("stdout", current), Stream("stderr", current)
    for line in config.InteractiveShellApp.exec_lines:  # as IPKernelApp runs them
        shell.run_cell(line, store_history=False)
    return shell


def main(fd: int) -> None:
    """Serve requests on `fd` until the server hangs up (see the module docstring)."""
    conn = Connection(fd)
    current = [Outputs(0)]
    shell = make_shell(conn.recv(), current)
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except EOFError:  # the server is gone, and so is this copy
            os._exit(0)
        if request[0] == "report":
            from snipexec import probe

            conn.send(probe.report())
            continue
        kind, code, count, max_chars = request
        ours, theirs = socket.socketpair()
        gc.freeze()  # copies share these objects' pages: the collector must not write to them
        pid = os.fork()
        if pid == 0:  # the child runs the snippet, then waits as the next copy
            conn.close()
            ours.close()
            conn = Connection(theirs.detach())
            current[0] = Outputs(max_chars)
            start = time.perf_counter()
            if kind == "evaluate":  # as a kernel answers user_expressions
                conn.send(shell.user_expressions(code))
                continue
            ok = True
            if code is not None:  # None: a bare copy (a chapter's copy 0 of the zygote)
                shell.execution_count = count
                ok = bool(shell.run_cell(code, store_history=True).success)
            conn.send(current[0].result(ok, time.perf_counter() - start))
            continue
        theirs.close()
        conn.send(pid)
        send_handle(conn, ours.fileno(), pid)
        ours.close()
        _reap()


def _reap() -> None:
    """Collect the copies the server has discarded (killed), so they leave no zombies."""
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                return
        except ChildProcessError:
            return
