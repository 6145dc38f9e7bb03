"""The "Try it" exercises: each check passes with its solution, fails with its starter, and is on its page.

An exercise `<name>` of chapter `<ch>` is three snippet files in `snippets/<ch>/`
(CONTRIBUTING.md, "How to write an exercise"):

- `ex_<name>_starter.py`: what the reader completes; running it only defines things;
- `ex_<name>_solution.py`: the same names, completed;
- `ex_<name>_check.py`: plain asserts against a reference the reader has too, ending on a `✓` line.

The check's prelude (above `# %%`) imports what its shown code needs: the exercise's names
from the solution, anything else from the chapter's earlier snippets. The tests run the
check's shown code with exactly those names, once as they are and once with every name the
prelude takes from the solution taken from the starter instead. Modules are imported once
per test session, so a chapter that loads a model loads it once for all of its exercises.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import io
import re
from pathlib import Path

import pytest
from conftest import CHAPTERS, ROOT

from snipexec.collect import split_cell

SNIPPETS = ROOT / "snippets"
PARTS = ("starter", "solution", "check")
EXERCISE_FILE = re.compile(r"ex_(?P<name>\w+?)_(?P<part>starter|solution|check)\.py")
EXERCISES = sorted(
    (p.parent.name, m["name"])
    for p in SNIPPETS.glob("*/ex_*_starter.py")
    if (m := EXERCISE_FILE.fullmatch(p.name))
)
IDS = [f"{chapter}/{name}" for chapter, name in EXERCISES]


def _file(chapter: str, name: str, part: str) -> Path:
    return SNIPPETS / chapter / f"ex_{name}_{part}.py"


def _module(chapter: str, name: str, part: str) -> str:
    return f"snippets.{chapter}.ex_{name}_{part}"


def _check_globals(chapter: str, name: str, part: str) -> dict[str, object]:
    """The names the check's prelude imports; those it takes from the solution come from `part`'s module."""
    check = _file(chapter, name, "check")
    source = check.read_text()
    _, first_line = split_cell(source)
    solution = _module(chapter, name, "solution")
    names: dict[str, object] = {"__name__": "__main__"}
    for node in ast.parse(source).body:
        if node.lineno >= first_line:
            break
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the docstring
        assert isinstance(node, ast.ImportFrom) and (node.module or "").startswith("snippets."), (
            f"{check.name}:{node.lineno}: a check's prelude holds only `from snippets.<chapter>.<file> "
            "import ...` lines (the shown code imports the libraries)"
        )
        module_name = _module(chapter, name, part) if node.module == solution else node.module
        module = importlib.import_module(module_name)
        for alias in node.names:
            assert hasattr(module, alias.name), (
                f"{check.name} imports {alias.name!r} from the solution, but {module_name} lacks it: take "
                "from the solution only the names the starter defines too, the rest from earlier snippets"
            )
            names[alias.asname or alias.name] = getattr(module, alias.name)
    return names


def _run_check(chapter: str, name: str, names: dict[str, object]) -> str:
    """Execute the check's shown code in `names`; return what it printed."""
    check = _file(chapter, name, "check")
    code, first_line = split_cell(check.read_text())
    compiled = compile("\n" * (first_line - 1) + code, str(check), "exec")  # tracebacks name the file's lines
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compiled, names)
    return printed.getvalue()


def test_the_guide_has_exercises():
    assert len(EXERCISES) >= 2, "no snippets/<chapter>/ex_<name>_starter.py found"


def test_every_exercise_file_belongs_to_a_starter_solution_check_trio():
    problems = []
    for path in sorted(SNIPPETS.glob("*/ex_*.py")):
        m = EXERCISE_FILE.fullmatch(path.name)
        if not m:
            problems.append(f"{path.relative_to(ROOT)}: name it ex_<name>_starter/_solution/_check.py")
            continue
        missing = [p for p in PARTS if not _file(path.parent.name, m["name"], p).exists()]
        problems += [f"{path.relative_to(ROOT)}: ex_{m['name']}_{p}.py is missing" for p in missing]
    assert not problems, "\n".join(sorted(set(problems)))


@pytest.mark.parametrize(("chapter", "name"), EXERCISES, ids=IDS)
def test_the_page_shows_starter_folded_solution_and_check_under_try_it(chapter, name):
    page = next(c for c in CHAPTERS if c.name == chapter)
    shown = [s.rel_path for s in page.snippets]
    trio = [f"{chapter}/ex_{name}_{part}.py" for part in PARTS]
    assert all(t in shown for t in trio), (
        f"docs/{chapter}.md must show {trio} (missing: {set(trio) - set(shown)})"
    )
    start = shown.index(trio[0])
    assert shown[start : start + 3] == trio, f"docs/{chapter}.md must show {trio} one after another"
    starter, solution, check = page.snippets[start : start + 3]
    assert solution.option("code", "show") == "solution", (
        f"fold the solution: `!snippet {trio[1]} code=solution` (an indented !snippet is not run)"
    )
    assert starter.option("code", "show") == check.option("code", "show") == "show"
    lines = page.page.read_text().splitlines()
    headings = [(i + 1, line) for i, line in enumerate(lines) if line.startswith("## ")]
    section = [h for n, h in headings if n < starter.page_line][-1]
    assert section == "## Try it", f"docs/{chapter}.md shows {trio[0]} under {section!r}, not '## Try it'"
    after = [h for n, h in headings if n > check.page_line]
    assert after[:1] == ["## Check yourself"], "'## Try it' comes just before '## Check yourself'"


@pytest.mark.parametrize(("chapter", "name"), EXERCISES, ids=IDS)
def test_the_check_passes_with_the_solution(chapter, name):
    printed = _run_check(chapter, name, _check_globals(chapter, name, "solution"))
    last = printed.strip().splitlines()[-1:] or [""]
    assert last[0].startswith("✓"), f"a passing check ends by printing one '✓ …' line, got {printed!r}"


@pytest.mark.parametrize(("chapter", "name"), EXERCISES, ids=IDS)
def test_the_check_fails_with_the_starter(chapter, name):
    names = _check_globals(chapter, name, "starter")  # importing the starter must not raise
    with pytest.raises((AssertionError, NotImplementedError)):
        _run_check(chapter, name, names)


@pytest.mark.parametrize(("chapter", "name"), EXERCISES, ids=IDS)
def test_every_assert_of_a_check_tells_the_reader_what_is_wrong(chapter, name):
    code, first_line = split_cell(_file(chapter, name, "check").read_text())
    bare = [
        n.lineno + first_line - 1
        for n in ast.walk(ast.parse(code))
        if isinstance(n, ast.Assert) and not n.msg
    ]
    assert not bare, f"ex_{name}_check.py: give the asserts on lines {bare} a message"


@pytest.mark.parametrize(("chapter", "name"), EXERCISES, ids=IDS)
def test_a_solution_shows_no_output(chapter, name):
    # The page folds a solution's code, not its output: an output would give the answer away.
    code, _ = split_cell(_file(chapter, name, "solution").read_text())
    tree = ast.parse(code)
    prints = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "print"]
    assert not prints, f"ex_{name}_solution.py prints; leave printing to the check"
    assert not (tree.body and isinstance(tree.body[-1], ast.Expr)), (
        f"ex_{name}_solution.py ends on an expression, which the page would show"
    )
