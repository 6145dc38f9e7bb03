"""Outputs: make a cell's outputs fit for a page — joined, cleaned and bounded.

In:  the outputs nbclient collected for one cell (already capped while they arrived,
     see ``snipexec.execute``), and how many characters of stream text were dropped then.
Out: the same outputs with split stream chunks joined, terminal control sequences
     resolved (ANSI colour codes stripped, ``\\r`` overwrites applied, NUL and other C0
     controls removed), and long streams cut with a visible note.
"""

from __future__ import annotations

import re

from nbformat import NotebookNode

# CSI sequences (colours, cursor moves) and OSC sequences (window titles, links).
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
# C0 controls but tab and newline, and DEL: never meant for a page.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def fit_stream(text: str, used: int, max_chars: int) -> str:
    """The part of a stream chunk kept while output arrives, `used` characters having
    been kept before: one more than `max_chars` in all, so that :func:`truncate` sees a
    stream that was cut. (The rest is counted as dropped by the caller.)"""
    return text[: max(0, max_chars + 1 - used)]


def clean_text(text: str) -> str:
    """Text as a terminal would leave it: no escape codes, ``\\r`` overwrites applied."""
    text = ANSI.sub("", text).replace("\r\n", "\n")
    if "\r" in text:
        # A progress bar redraws its line after each \r: keep what stays on screen.
        text = "\n".join(line.rsplit("\r", 1)[-1] for line in text.split("\n"))
    return CONTROL.sub("", text)


def coalesce_streams(outputs: list[NotebookNode]) -> list[NotebookNode]:
    """Join adjacent stdout (or stderr) chunks: where the kernel split a stream depends
    on timing, and the page must not change with it."""
    merged: list[NotebookNode] = []
    for output in outputs:
        last = merged[-1] if merged else None
        if (
            last is not None
            and output.output_type == last.output_type == "stream"
            and output.name == last.name
        ):
            last.text += output.text
        else:
            merged.append(output)
    return merged


def clean(output: NotebookNode) -> NotebookNode:
    """Remove control characters from every text an output carries."""
    if output.output_type == "stream":
        output.text = clean_text(output.text)
    elif output.output_type in ("display_data", "execute_result"):
        for mime in ("text/plain", "text/markdown", "text/latex"):
            if isinstance(output.data.get(mime), str):
                output.data[mime] = clean_text(output.data[mime])
    elif output.output_type == "error":
        output.evalue = clean_text(output.evalue)
        output.traceback = [clean_text(line) for line in output.traceback]
    return output


def truncate(output: NotebookNode, max_lines: int, max_chars: int, dropped: int = 0) -> NotebookNode:
    """Cut long stream output so pages stay readable; say so in the output itself.

    ``dropped``: characters already left out while the output arrived.
    """
    if output.output_type != "stream":
        return output
    text: str = output.text
    lines = text.splitlines(keepends=True)
    if len(lines) <= max_lines and len(text) <= max_chars and not dropped:
        return output
    kept = "".join(lines[:max_lines])[:max_chars]
    more = len(text) - len(kept) + dropped
    output.text = kept.rstrip("\n") + f"\n… output truncated: {more:,} more characters not shown …\n"
    return output


def shape(outputs: list[NotebookNode], max_lines: int, max_chars: int, dropped: int) -> list[NotebookNode]:
    """All of the above, in order, for one cell."""
    shaped = [clean(o) for o in coalesce_streams(outputs)]
    stdout = [o for o in shaped if o.output_type == "stream" and o.name == "stdout"]
    return [truncate(o, max_lines, max_chars, dropped if stdout and o is stdout[-1] else 0) for o in shaped]
