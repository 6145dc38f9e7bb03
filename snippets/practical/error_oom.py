"""Out of memory, safely: ask for far more bytes than any machine has."""

# %%
import sys

import torch


def show_error(action, lines=None, width=88):
    """Run `action`; print its exception like a traceback's last line.

    The virtual environment's folder becomes <venv>. lines: keep only the
    first `lines` lines, each cut to `width` characters.
    """
    try:
        action()
        print("no error")
    except Exception as e:
        text = f"{type(e).__name__}: {e}".replace(sys.prefix, "<venv>")
        if lines is not None:
            text = "\n".join(
                line if len(line) <= width else line[: width - 3] + "..."
                for line in text.splitlines()[:lines]
            )
        print(text)


# 2**62 bytes, over 4.6 billion GB: the allocator refuses at once, nothing is filled.
show_error(lambda: torch.empty(2**62, dtype=torch.uint8))
