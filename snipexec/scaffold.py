"""Scaffold: create a new chapter that builds and passes its tests as generated.

    python -m snipexec new-chapter layer_norm --title "Layer normalisation"

Writes docs/<name>.md, snippets/<name>/{__init__,first}.py and
tests/test_snippets_<name>.py, and adds the page to the nav of mkdocs.yml (at the end of
the section named by --section, by default the last section before "Reference").
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path

PAGE = """# {title}

By the end of this chapter you can … (say what the reader will be able to do).

```mermaid
flowchart LR
    X["input"] --> I["the idea of this chapter"] --> Y["output"]
```

## A first snippet

Explain the idea first. The code below is `snippets/{name}/first.py`, and its output was
computed when the site was built: never type an output or a number by hand.

!snippet {name}/first.py

## Check yourself

??? question "What does each entry of `row_sums` add up?"
    The entries of one row of `x`: `sum(dim=-1)` adds along the last dimension.
"""

INIT = '"""Snippets of the chapter "{title}" (docs/{name}.md), in page order."""\n'

FIRST = '''"""One idea per snippet: summing along the last dimension gives one number per row."""

# %%
import torch

x = torch.arange(6.0).reshape(2, 3)  # (2, 3): two rows of three numbers
row_sums = x.sum(dim=-1)  # (2,): one sum per row
print(x)
print("row sums:", row_sums)
'''

TEST = '''"""Claims made by the snippets of docs/{name}.md."""

from snippets.{name} import first


def test_row_sums_add_up_each_row():
    assert first.row_sums.tolist() == [row.sum().item() for row in first.x]
'''

SECTION = re.compile(r'^  - "?(?P<title>[^":]+?)"?:\s*$')


class ScaffoldError(Exception):
    pass


def add_to_nav(mkdocs_yml: str, page: str, section: str | None) -> str:
    """Insert `page` as the last item of a nav section; keeps the file's comments."""
    lines = mkdocs_yml.splitlines()
    start = lines.index("nav:") if "nav:" in lines else None
    if start is None:
        raise ScaffoldError("mkdocs.yml has no top-level `nav:`")
    sections = [(i, m.group("title")) for i in range(start + 1, len(lines)) if (m := SECTION.match(lines[i]))]
    if section is None:
        candidates = [s for s in sections if not s[1].startswith("Reference")]
    else:
        candidates = [s for s in sections if s[1].startswith(section)]
    if not candidates:
        raise ScaffoldError(f"no nav section starts with {section!r}; sections: {[t for _, t in sections]}")
    at, _ = candidates[-1]
    end = at + 1
    while end < len(lines) and lines[end].startswith("      - "):
        end += 1
    lines.insert(end, f"      - {page}")
    return "\n".join(lines) + "\n"


def new_chapter(root: Path, name: str, title: str, section: str | None = None) -> list[Path]:
    """Create the chapter's files; refuse to overwrite anything. Returns the paths written."""
    # A keyword (`class`, `lambda`) is an identifier too, but its tests could not import it.
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or keyword.iskeyword(name):
        raise ScaffoldError(
            f"{name!r}: a chapter name is a lower-case Python identifier that starts with a letter,"
            " not a keyword, e.g. layer_norm"
        )
    files = {
        root / "docs" / f"{name}.md": PAGE.format(name=name, title=title),
        root / "snippets" / name / "__init__.py": INIT.format(name=name, title=title),
        root / "snippets" / name / "first.py": FIRST,
        root / "tests" / f"test_snippets_{name}.py": TEST.format(name=name),
    }
    existing = [str(p.relative_to(root)) for p in files if p.exists()]
    if existing:
        raise ScaffoldError(f"chapter {name!r} exists already: {', '.join(existing)}")
    config = root / "mkdocs.yml"
    new_config = add_to_nav(config.read_text(), f"{name}.md", section)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    config.write_text(new_config)
    return [*files, config]
