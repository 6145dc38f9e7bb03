"""Checks that keep the house in order. Each failure says what to do about it."""

from __future__ import annotations

import ast
import itertools
import re
import subprocess
import sys
from pathlib import Path

from conftest import CHAPTERS, ROOT
from mkdocs.utils import yaml_load

DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
TESTS = ROOT / "tests"
PAGES = sorted(DOCS.rglob("*.md"))
SNIPPET_FILES = sorted(p for p in SNIPPETS.glob("*/*.py") if p.name != "__init__.py")
EXERCISE_MODULE = re.compile(r"snippets\.\w+\.ex_\w+_(starter|solution|check)")
HAND_WRITTEN_PYTHON = re.compile(r"^\s*(`{3,}|~{3,})\s*\{?\s*\.?(python|py|pycon)\b", re.M)


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _nav_pages(items) -> list[str]:
    found: list[str] = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        found.extend(_nav_pages(value) if isinstance(value, list) else [value])
    return found


def _imported_snippet_modules() -> set[str]:
    """Modules under `snippets` that some test module imports (or imports from)."""
    found: set[str] = set()
    for test in TESTS.glob("test_*.py"):
        for node in ast.walk(ast.parse(test.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("snippets"):
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("snippets"))
    return found


def test_every_directive_names_an_existing_snippet():
    # collect_chapter raises DirectiveError naming page:line for a missing file.
    assert all(s.file.exists() for c in CHAPTERS for s in c.snippets)


def test_every_snippet_file_is_shown_on_a_page():
    shown = {s.file for c in CHAPTERS for s in c.snippets}
    helpers = {p for p in SNIPPET_FILES if p.parent.name == "model_configs"}
    unshown = [_rel(p) for p in SNIPPET_FILES if p not in shown and p not in helpers]
    assert not unshown, (
        f"These snippet files are on no page: {unshown}. Show each with a line "
        "`!snippet <chapter>/<file>.py` in docs/<chapter>.md, or delete it."
    )


def test_every_chapter_has_a_test_module_that_imports_each_of_its_snippets():
    imported = _imported_snippet_modules()
    missing = []
    for chapter in CHAPTERS:
        for snippet in chapter.snippets:
            module = "snippets." + snippet.rel_path.removesuffix(".py").replace("/", ".")
            # tests/test_exercises.py finds exercise files by their names and runs each trio.
            if module not in imported and not EXERCISE_MODULE.fullmatch(module):
                missing.append(module)
    assert not missing, (
        f"No test imports these snippets: {missing}. In tests/test_snippets_<chapter>.py, "
        "`from snippets.<chapter> import <name>` and assert the claim the page makes with it."
    )


def test_every_page_is_in_the_nav():
    config = yaml_load((ROOT / "mkdocs.yml").read_text())
    in_nav = set(_nav_pages(config["nav"]))
    missing = [_rel(p) for p in PAGES if str(p.relative_to(DOCS)) not in in_nav]
    assert not missing, f"Pages missing from mkdocs.yml `nav:`: {missing}. Add each where a reader meets it."


def test_no_page_holds_a_hand_written_python_block():
    offenders = [
        f"{_rel(p)}:{text[: m.start()].count(chr(10)) + 1}"
        for p in PAGES
        for text in [p.read_text()]
        for m in HAND_WRITTEN_PYTHON.finditer(text)
    ]
    assert not offenders, (
        f"Hand-written Python blocks at {offenders}. Move the code into snippets/<chapter>/<name>.py "
        "and show it with `!snippet <chapter>/<name>.py`, so it is run and tested."
    )


def test_every_chapter_has_a_diagram_or_a_figure():
    bare = [
        _rel(c.page)
        for c in CHAPTERS
        if "```mermaid" not in c.page.read_text() and not any("plt." in s.code for s in c.snippets)
    ]
    assert not bare, f"Chapters with neither a ```mermaid diagram nor a matplotlib figure: {bare}. Add one."


def test_code_is_linted_and_formatted_with_ruff():
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--output-format", "concise", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, f"Run `.venv/bin/ruff check --fix .` and fix the rest:\n{lint.stdout}"
    fmt = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert fmt.returncode == 0, f"Run `.venv/bin/ruff format .`:\n{fmt.stdout}"


def test_shown_code_carries_no_lint_pragmas():
    pragma = re.compile(r"#\s*(noqa|isort:|type:\s*ignore|ruff:)")
    offenders = [s.display_path for c in CHAPTERS for s in c.snippets if pragma.search(s.code)]
    assert not offenders, (
        f"Readers see lint pragmas in {offenders}. The prelude pattern and a DataFrame as last "
        "value are allowed for snippets in pyproject.toml; delete the pragma."
    )


# Spellings that the Notation table of CONTRIBUTING.md replaced, and what to write instead.
RETIRED_MATH = {
    r"W_Q": "W_q",
    r"W_K": "W_k",
    r"W_V": "W_v",
    r"d_\text{head}": "d_k",
    r"d_{head}": "d_k",
    r"d_{model}": r"d_\text{model}",
    r"d_{\text{model}}": r"d_\text{model}",
    r"n_{kv}": r"n_\text{kv}",
    r"W_{out}": r"W_\text{out}",
    "M_i": r"W_\text{up}",
    "M_o": r"W_\text{down}",
}
RETIRED_CODE = {"d_head": "d_k", "n_heads": "n_h", "n_kv_heads": "n_kv", "W_in": "W_up"}


def test_pages_and_snippets_use_the_one_notation_of_contributing_md():
    problems = []
    for page in PAGES:
        text = page.read_text()
        problems += [
            f"{_rel(page)}: write {new}, not {old}" for old, new in RETIRED_MATH.items() if old in text
        ]
    for path in SNIPPET_FILES:
        text = path.read_text()
        problems += [
            f"{_rel(path)}: name it {new}, not {old}"
            for old, new in RETIRED_CODE.items()
            if re.search(rf"\b{old}\b", text)
        ]
    assert not problems, "\n".join(problems)


def _imported_modules(code: str) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_shown_code_never_imports_this_repository():
    offenders = [
        f"{s.display_path}: {module}"
        for c in CHAPTERS
        for s in c.snippets
        for module in sorted(_imported_modules(s.code))
        if module.split(".")[0] in {"snippets", "snipexec", "scripts"}
    ]
    assert not offenders, (
        f"Shown code imports this repository: {offenders}. A reader's session has no `snippets`: "
        'load models with the libraries\' own idioms (`AutoConfig.from_pretrained("org/name")`, '
        "see CONTRIBUTING.md), and import earlier snippets only in the hidden prelude above `# %%`."
    )


def test_glossary_terms_are_in_alphabetical_order():
    terms_section = (ROOT / "docs" / "glossary.md").read_text().split("## Terms\n", 1)[1]
    terms = [e.strip("\n").split("\n")[0] for e in terms_section.strip("\n").split("\n\n")]

    def key(term: str) -> str:
        return re.sub(r"[^a-z0-9 ]", "", term.lower())

    misplaced = [b for a, b in itertools.pairwise(terms) if key(a) > key(b)]
    assert not misplaced, f"docs/glossary.md: put these terms in alphabetical order: {misplaced}"


# A decimal or a percentage typed in a chapter's prose (math included, code spans and
# inline values not) is almost always a number some output printed, which drifts when
# the code changes: it must be an inline value. The few below are inputs, not outputs.
TYPED_NUMBER = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])|(?<![\w.])\d+(?:\.\d+)?\s?%")
CODE_SPAN = re.compile(r"(`+).*?\1")
TYPED_NUMBERS_ALLOWED = {
    "attention.md": {"1.0", "15%", "80%", "10%"},  # a bound; BERT's published masking recipe
    "learning.md": {"0.1"},  # the threshold the loss-curve snippet sets (`m < 0.1`)
}


def test_numbers_in_the_prose_are_inline_values_not_typed():
    from snipexec.collect import lines_outside_fences

    typed = []
    for chapter in CHAPTERS:
        allowed = TYPED_NUMBERS_ALLOWED.get(chapter.page.name, set())
        for number, line in lines_outside_fences(chapter.page.read_text()):
            prose = CODE_SPAN.sub(" ", line)  # roles' expressions and code are no prose
            typed += [
                f"docs/{chapter.page.name}:{number}: {found}"
                for found in TYPED_NUMBER.findall(prose)
                if found not in allowed
            ]
    assert not typed, (
        "Numbers typed into the prose: " + "; ".join(typed) + ". Quote a value the code "
        'computed with an inline value, {eval}`f"{x:.2f}"` (CONTRIBUTING.md, \'Numbers in the '
        "prose'), or add an input constant to TYPED_NUMBERS_ALLOWED with the reason."
    )


# Every letter in a formula ($…$, $$…$$) is in the glossary's Symbols section. Subscripts
# and superscripts name, not add, a symbol ($W_q$ is a $W$); words in \text{…},
# \operatorname{…} and commands (\log, \top, \sqrt) are no symbols; a script or
# blackboard letter is a symbol of its own ($\mathcal{V}$ is not $V$).
MATH_SPAN = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
GREEK = "alpha beta gamma delta epsilon varepsilon eta theta lambda mu pi sigma tau phi omega"
GREEK_LETTER = re.compile(r"\\(" + "|".join(GREEK.split()) + r")(?![A-Za-z])")


def _symbols(tex: str) -> set[str]:
    tex = re.sub(r"\\(text\w*|operatorname|mathrm|begin|end)\{[^}]*\}", " ", tex)  # words
    tex = re.sub(r"\\mathbf\{([^}]*)\}", r"\1", tex)  # a bold letter is the letter
    styled = {f"\\{m[0]}{{{m[1]}}}" for m in re.findall(r"\\(mathcal|mathbb)\{([A-Za-z])\}", tex)}
    tex = re.sub(r"\\(mathcal|mathbb)\{[^}]*\}", " ", tex)  # \mathcal{V} is a symbol of its own
    tex = re.sub(r"[_^](\{[^}]*\}|\\[A-Za-z]+|\w)", " ", tex)  # sub- and superscripts
    found = set(GREEK_LETTER.findall(tex))
    tex = re.sub(r"\\[A-Za-z]+", " ", tex)  # commands
    return found | styled | set(re.findall(r"[A-Za-z]", tex))  # QK is Q times K


def _formulas(page: Path) -> list[tuple[int, str]]:
    from snipexec.collect import lines_outside_fences

    lines = dict(lines_outside_fences(page.read_text()))
    body = "\n".join(CODE_SPAN.sub(" ", lines.get(n, "")) for n in range(1, max(lines) + 1))
    return [(body.count("\n", 0, m.start()) + 1, m.group(1) or m.group(2)) for m in MATH_SPAN.finditer(body)]


def test_every_symbol_in_a_formula_is_in_the_glossary():
    glossary = DOCS / "glossary.md"
    symbols_section = glossary.read_text().split("## Symbols\n", 1)[1].split("\n## ", 1)[0]
    known = set().union(*(_symbols(m.group(1) or m.group(2)) for m in MATH_SPAN.finditer(symbols_section)))
    missing = [
        f"{_rel(page)}:{number}: {symbol}"
        for page in sorted(DOCS.glob("*.md"))
        if page != glossary
        for number, tex in _formulas(page)
        for symbol in sorted(_symbols(tex) - known)
    ]
    assert not missing, (
        "Symbols in formulas that docs/glossary.md does not list: " + "; ".join(missing) + ". "
        "Add an entry under 'Every letter the formulas use' (its one meaning and the pages that use it), "
        "or use a symbol the glossary has."
    )


# A name is a letter with the subscript that names it ($W_q$, $d_\text{model}$, $n_h$); a
# subscript of indices only ($q_i$, $a_{ij}$, $h_t$) does not make a new name.
NAME = re.compile(r"(\\math(?:cal|bb)\{[A-Za-z]\}|\\[a-z]+|[A-Za-z])(?:_(\{[^}]*\}|\\text\{[^}]*\}|\w))?")
INDICES = re.compile(r"\{?[ijlrt0-9,\\ ]*\}?")


def _names(tex: str) -> set[str]:
    tex = re.sub(r"\\(operatorname|begin|end)\{[^}]*\}", " ", tex)
    found = set()
    for letter, sub in NAME.findall(tex):
        if letter.startswith("\\") and letter[1:] not in GREEK.split() and not letter.startswith("\\math"):
            continue  # a command (\top, \sqrt, \lvert), not a symbol
        found.add(letter if not sub or INDICES.fullmatch(sub) else f"{letter}_{sub}")
    return found


def _in_formulas(text: str, symbols=_symbols) -> set[str]:
    """The symbols (or names) of every formula in the text."""
    return set().union(set(), *(symbols(m.group(1) or m.group(2)) for m in MATH_SPAN.finditer(text)))


def _clashes(entries: list[str], symbols) -> list[str]:
    """'symbol: entry | entry' for every symbol that two entries use."""
    seen: dict[str, list[str]] = {}
    for entry in entries:
        for symbol in _in_formulas(entry, symbols):
            seen.setdefault(symbol, []).append(entry.strip())
    return [f"{s}: {' | '.join(rows)}" for s, rows in sorted(seen.items()) if len(rows) > 1]


def _notation_rows() -> list[str]:
    text = (ROOT / "CONTRIBUTING.md").read_text().split("## Notation\n", 1)[1].split("\n## ", 1)[0]
    return [line.split("|")[1] for line in text.splitlines() if line.startswith("| $")]


def _glossary_letters() -> list[str]:
    """The terms of the entries under 'Every letter the formulas use'."""
    section = (DOCS / "glossary.md").read_text().split("### Every letter the formulas use\n", 1)[1]
    lines = section.split("\n## ", 1)[0].splitlines()
    return [term for term, body in itertools.pairwise(lines) if body.startswith(":   ")]


def test_each_symbol_has_one_meaning():
    """A name is in one row of CONTRIBUTING's Notation table, a letter in one entry of the
    glossary's 'Every letter the formulas use' (which gives its one meaning), and every
    letter of the table has its glossary entry."""
    rows, letters = _notation_rows(), _glossary_letters()
    assert len(rows) > 20 and len(letters) > 30, "the Notation table or the glossary's letters moved"
    clashes = _clashes(rows, _names) + _clashes(letters, _symbols)
    assert not clashes, (
        "Symbols with two meanings (two rows of CONTRIBUTING.md's Notation table, or two entries "
        "under the glossary's 'Every letter the formulas use'): " + "; ".join(clashes) + ". "
        "Give one of the meanings another symbol, on its pages and in their code."
    )
    orphans = _in_formulas("\n".join(rows)) - _in_formulas("\n".join(letters))
    assert not orphans, f"Notation-table letters with no entry in the glossary's letters: {sorted(orphans)}"


# Sizes in bytes are decimal (kB, MB, GB: CONTRIBUTING.md, Notation). A binary unit, or a
# division by 1024 or 2**20 where a snippet formats a size, is the other system.
BINARY_UNIT = re.compile(r"\b[KMGT]iB\b|\bkibi|\bmebi|\bgibi", re.I)
BINARY_DIVISOR = re.compile(r"/{1,2}\s*(1024|2\s*\*\*\s*[1-4]0|1\s*<<\s*[1-4]0)\b")


def _printed_strings(code: str) -> list[str]:
    """The source of every string literal and f-string in the code (their format
    expressions included): what the snippet can print."""
    nodes = ast.walk(ast.parse(code))
    strings = [n for n in nodes if isinstance(n, ast.JoinedStr) or isinstance(getattr(n, "value", None), str)]
    return [ast.get_source_segment(code, n) or "" for n in strings]


def test_sizes_in_bytes_use_decimal_units_everywhere():
    from snipexec.collect import lines_outside_fences

    found = [
        f"{_rel(page)}:{number}: {m.group(0)}"
        for page in PAGES
        for number, line in lines_outside_fences(page.read_text())
        for m in BINARY_UNIT.finditer(line)
    ]
    for path in SNIPPET_FILES:
        for string in _printed_strings(path.read_text()):
            found += [
                f"{_rel(path)}: {m.group(0)!r} in {string[:60]!r}"
                for pattern in (BINARY_UNIT, BINARY_DIVISOR)
                for m in pattern.finditer(string)
            ]
    assert not found, (
        "Binary units where the guide counts bytes in decimal: " + "; ".join(dict.fromkeys(found)) + ". "
        "Write kB, MB, GB and divide by 1e3, 1e6, 1e9 (CONTRIBUTING.md, Notation)."
    )


def test_a_test_that_waits_for_the_site_or_drives_chromium_is_left_out_of_test_fast(request):
    """`make test-fast` is `-m "not slow and not browser"`: its promise (no full build, no
    browser) holds only if every such test carries the marks, which conftest.py adds from
    the fixtures a test uses. Checked on this session's tests (all of them under `make test`)."""
    unmarked = []
    for item in request.session.items:
        uses = set(getattr(item, "fixturenames", ()))
        if uses & {"built_site", "tour"} and not item.get_closest_marker("slow"):
            unmarked.append(item.nodeid)
        if "browser" in uses and not item.get_closest_marker("browser"):
            unmarked.append(item.nodeid)
    assert not unmarked, f"tests that would run under make test-fast: {unmarked}"
