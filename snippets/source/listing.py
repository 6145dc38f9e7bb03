"""Print a function's source as installed, with notes tied to the lines they explain."""

# %%
import ast
import inspect
import textwrap

MARKS = "①②③④⑤⑥⑦⑧⑨"


def annotated(fn, notes):
    """Print `fn`'s source as the installed package has it (docstring left out),
    a mark beside each line a note explains, then the notes in order.

    `notes` maps a piece of source text to what it is in the guide's notation;
    every line holding that text gets the note's mark. If no line holds it, the
    installed transformers is not the code these notes were written for: stop,
    rather than print a note beside the wrong code."""
    source = textwrap.dedent(inspect.getsource(fn))
    lines = source.splitlines()
    first = ast.parse(source).body[0].body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        del lines[first.lineno - 1 : first.end_lineno]            # the docstring
    hits = {}
    for text in notes:
        hits[text] = [i for i, line in enumerate(lines) if text in line]
        if not hits[text]:
            raise LookupError(f"{fn.__qualname__} has no line holding {text!r}: "
                              "transformers changed, read its code, fix the notes")
    order = sorted(notes, key=lambda text: hits[text][0])      # marks top to bottom
    marked = {i: MARKS[k] for k, text in enumerate(order) for i in hits[text]}
    for i, line in enumerate(lines):
        print(f"{marked.get(i, ' ')} {line}".rstrip())  # marks in a margin
    print()
    for mark, text in zip(MARKS, order, strict=False):
        print(mark, notes[text])
