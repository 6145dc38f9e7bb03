"""Collect: find the snippet directives in a page and read the snippet files they name.

In:  a Markdown page (path + text) and the folder that holds the ``snippets`` package.
Out: a :class:`Chapter` — the page's snippets in page order, each with the code that is
     shown on the page and executed in the chapter's session.

A directive is one line of its own, outside any fenced block::

    !snippet attention/scores.py
    !snippet attention/worked_example.py output=markdown code=collapsed timeout=120

A snippet file may start with a *prelude* that ends at the first line reading ``# %%``
(the "percent" cell marker editors understand). The prelude runs only when the file runs
on its own (typically ``from snippets.attention.scores import Q, K``); the page shows, and
the chapter session executes, only what follows the marker. A file without the marker is
shown whole.

A page's prose may also quote a value the chapter's code computed: an *inline value*,
MyST's ``{eval}`` role followed by a code span holding one Python expression::

    The loss falls to {eval}`f"{loss:.2f}"` after {eval}`steps` steps.

It is evaluated in the chapter's session right after the snippet above it on the page
(so it sees what the reader's pasted session holds at that point), and its ``str()``
takes the role's place as plain text. A role inside a code span or a fenced block is
text, not a value; a role must fit on one line.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from snipexec.errors import DirectiveError, SourceError

DIRECTIVE = re.compile(r"^!snippet[ \t]+(?P<path>\S+)(?P<options>(?:[ \t]+\S+)*)[ \t]*$")
FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
CELL_MARKER = "# %%"
ROLE = "{eval}"
BACKTICK_RUN = re.compile(r"`+")

# What each directive option may be set to; a value outside these is a DirectiveError.
OPTIONS: dict[str, tuple[str, ...] | type] = {
    "output": ("text", "markdown", "hide"),
    "code": ("show", "collapsed", "solution", "hide"),
    "timeout": int,
}


@dataclass(frozen=True)
class Snippet:
    """One snippet as a page uses it."""

    rel_path: str  # path below the snippets folder, e.g. "attention/scores.py"
    file: Path  # absolute path of the snippet file
    code: str  # the part shown and executed (after the cell marker, if any)
    first_line: int  # 1-based line in `file` where `code` starts
    page_line: int  # 1-based line of the directive in the page
    options: dict[str, str | int] = field(default_factory=dict)

    @property
    def display_path(self) -> str:
        return f"snippets/{self.rel_path}"

    def option(self, name: str, default: str) -> str:
        return str(self.options.get(name, default))


@dataclass(frozen=True)
class InlineValue:
    """One ``{eval}`expression``` in a page's prose."""

    source: str  # the Python expression
    page_line: int  # 1-based line of the role in the page
    after: int  # index of the snippet above it: the state it is evaluated in


@dataclass(frozen=True)
class Chapter:
    """A page and its snippets, in the order the page shows them, and its inline values."""

    page: Path
    snippets: tuple[Snippet, ...]
    values: tuple[InlineValue, ...] = ()

    @property
    def name(self) -> str:
        return self.page.stem


def split_cell(source: str) -> tuple[str, int]:
    """Return (shown code, 1-based line where it starts) for a snippet file's text."""
    lines = source.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.rstrip() == CELL_MARKER:
            return "".join(lines[i + 1 :]).strip("\n") + "\n", i + 2 + _leading_blank(lines[i + 1 :])
    return source.strip("\n") + "\n", 1 + _leading_blank(lines)


def _leading_blank(lines: list[str]) -> int:
    n = 0
    for line in lines:
        if line.strip():
            break
        n += 1
    return n


def lines_outside_fences(text: str) -> list[tuple[int, str]]:
    """(1-based line, line) for each line that is not inside a fenced block nor a fence."""
    kept: list[tuple[int, str]] = []
    open_fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        fence = FENCE.match(line)
        if fence:
            marker = fence.group("fence")
            if open_fence is None:
                open_fence = marker
            elif marker[0] == open_fence[0] and len(marker) >= len(open_fence):
                open_fence = None
            continue
        if open_fence is None:
            kept.append((number, line))
    return kept


def iter_directives(text: str) -> list[tuple[int, re.Match[str]]]:
    """Return (1-based line, match) for each directive line outside fenced code blocks."""
    return [(n, m) for n, line in lines_outside_fences(text) if (m := DIRECTIVE.match(line))]


@dataclass(frozen=True)
class Role:
    """Where an inline value's role stands in its line, and its expression."""

    line: int  # 1-based line in the page
    start: int  # column of "{eval}"
    end: int  # column after the closing backticks
    source: str  # the expression (a code span's content, as CommonMark reads it)


def iter_roles(text: str) -> list[Role]:
    """Every ``{eval}`...``` outside fenced blocks and outside other code spans, in page
    order. A role not followed by a code span that closes on the same line is an error
    (:class:`ValueError` with the line): it would otherwise reach the page as text."""
    roles: list[Role] = []
    for number, line in lines_outside_fences(text):
        if ROLE not in line:
            continue
        at = 0
        while True:
            tick = line.find("`", at)
            prose = line[at:] if tick < 0 else line[at:tick]
            opens = tick >= 0 and prose.endswith(ROLE)  # this role opens the code span at `tick`
            if prose.count(ROLE) > opens:
                raise ValueError(number, f"{ROLE} must be followed by a code span, e.g. {ROLE}`n`")
            if tick < 0:
                break
            run = len(BACKTICK_RUN.match(line, tick).group())  # type: ignore[union-attr]
            close = _closing_run(line, tick + run, run)
            if close < 0:  # unmatched backticks are text (CommonMark)
                if opens:
                    raise ValueError(number, f"{ROLE}: its code span must close on the same line")
                at = tick + run
                continue
            if opens:
                content = line[tick + run : close]
                if content.startswith(" ") and content.endswith(" ") and content.strip():
                    content = content[1:-1]  # CommonMark strips one space each side
                roles.append(Role(number, tick - len(ROLE), close + run, content))
            at = close + run
    return roles


def _closing_run(line: str, start: int, length: int) -> int:
    """Column of the next run of exactly `length` backticks from `start`, or -1."""
    for m in BACKTICK_RUN.finditer(line, start):
        if len(m.group()) == length:
            return m.start()
    return -1


def collect_values(text: str, page: Path, directive_lines: list[int]) -> tuple[InlineValue, ...]:
    """The page's inline values, each with the snippet it follows; DirectiveError for a
    role that is malformed, does not compile, or stands above every snippet."""
    try:
        roles = iter_roles(text)
    except ValueError as e:
        line, message = e.args
        raise DirectiveError(page, line, message) from None
    values: list[InlineValue] = []
    for role in roles:
        try:
            ast.parse(role.source.strip(), mode="eval")
        except SyntaxError as e:
            raise DirectiveError(
                page, role.line, f"{ROLE}`{role.source}` is no Python expression: {e.msg}"
            ) from None
        after = sum(1 for line in directive_lines if line < role.line) - 1
        if after < 0:
            raise DirectiveError(
                page,
                role.line,
                f"{ROLE}`{role.source}` stands above the page's first snippet: no code has run "
                "there (an inline value is evaluated after the snippet above it)",
            )
        values.append(InlineValue(role.source.strip(), role.line, after))
    return tuple(values)


def parse_options(raw: str, page: Path, line: int) -> dict[str, str | int]:
    options: dict[str, str | int] = {}
    for item in raw.split():
        key, sep, value = item.partition("=")
        allowed = OPTIONS.get(key)
        if not sep or allowed is None:
            raise DirectiveError(page, line, f"unknown option {item!r}; known: {', '.join(OPTIONS)}")
        if allowed is int:
            if not value.isdigit() or int(value) <= 0:
                raise DirectiveError(page, line, f"{key} must be a positive whole number of seconds")
            options[key] = int(value)
        elif isinstance(allowed, tuple) and value not in allowed:
            raise DirectiveError(page, line, f"{key}={value!r} is not one of {', '.join(allowed)}")
        else:
            options[key] = value
    return options


def collect_chapter(page: Path, text: str, snippets_dir: Path) -> Chapter:
    """Read every snippet the page names; raise DirectiveError for a missing or bad one."""
    snippets: list[Snippet] = []
    root = snippets_dir.resolve()
    for line, m in iter_directives(text):
        rel = m.group("path")
        file = (root / rel).resolve()
        if not file.is_relative_to(root) or file.suffix != ".py":
            raise DirectiveError(page, line, f"{rel!r} must be a .py file inside {snippets_dir}")
        if not file.is_file():
            raise DirectiveError(page, line, f"snippet file snippets/{rel} does not exist")
        code, first_line = split_cell(read_source(file, page, line))
        check_syntax(code, first_line, file, page, line)
        options = parse_options(m.group("options"), page, line)
        snippets.append(Snippet(rel, file, code, first_line, line, options))
    values = collect_values(text, page, [s.page_line for s in snippets])
    return Chapter(page, tuple(snippets), values)


def read_source(file: Path, page: Path, page_line: int) -> str:
    """The file's text; SourceError naming the line of the first byte that is not UTF-8."""
    data = file.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise SourceError(
            page, page_line, file, line, f"is not UTF-8 (byte 0x{data[e.start]:02x}); save it as UTF-8"
        ) from None


def check_syntax(code: str, first_line: int, file: Path, page: Path, page_line: int) -> None:
    """SourceError at the file's line if the shown code does not compile."""
    try:
        ast.parse(code, filename=str(file))
    except SyntaxError as e:
        line = first_line + (e.lineno or 1) - 1
        raise SourceError(page, page_line, file, line, f"SyntaxError: {e.msg}") from None
