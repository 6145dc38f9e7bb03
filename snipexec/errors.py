"""Errors that name the file and line a contributor has to fix."""

from __future__ import annotations

from pathlib import Path


class SnippetError(Exception):
    """Base class: every message starts with ``file:line:`` so editors can jump there."""

    def __init__(self, file: Path | str, line: int, message: str) -> None:
        self.file = Path(file)
        self.line = line
        self.message = message
        super().__init__(f"{_short(self.file)}:{line}: {message}")


class DirectiveError(SnippetError):
    """A ``!snippet`` line in a page is malformed or names a missing file."""


class PageSnippetError(SnippetError):
    """An error in a snippet file, named with the page line that shows it."""

    def __init__(self, page: Path, page_line: int, file: Path, line: int, message: str) -> None:
        self.page = page
        self.page_line = page_line
        super().__init__(file, line, f"{message}\n  (shown by {_short(page)}:{page_line})")


class SourceError(PageSnippetError):
    """A snippet file cannot be read as UTF-8 Python, or does not compile."""


class ExecutionError(PageSnippetError):
    """A snippet raised, timed out or killed its kernel while its chapter ran."""


class InlineValueError(ExecutionError):
    """An inline value (``{eval}`...```) raised or gave no one-line text: named by the
    page line it stands on, and the snippet it was evaluated after."""

    def __init__(self, page: Path, page_line: int, after: Path, message: str) -> None:
        self.page = page
        self.page_line = page_line
        SnippetError.__init__(self, page, page_line, f"{message}\n  (evaluated after {_short(after)})")


def _short(path: Path) -> str:
    """Path relative to the working directory when it is below it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
