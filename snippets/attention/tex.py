"""Format tensors as KaTeX matrices, so the page shows matrices the code computed."""

# %%
import torch
from IPython.display import display


def bmatrix(M: torch.Tensor, digits: int = 2) -> str:
    """LaTeX for a 2-D tensor: whole numbers as integers, others rounded."""
    def cell(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else f"{x:.{digits}f}"
    rows = [" & ".join(cell(x) for x in row) for row in M.tolist()]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


class Math:
    """Math for every viewer: Jupyter, Colab and the page typeset its LaTeX
    (IPython's `_repr_markdown_`), plain `python` prints its text instead."""

    def __init__(self, tex: str, text: str) -> None:
        self.tex, self.text = tex, text

    def _repr_markdown_(self) -> str:
        return f"$$ {self.tex} $$"

    def __repr__(self) -> str:
        return self.text


def show(*named: tuple[str, torch.Tensor]) -> None:
    """Display `name = matrix` side by side as one line of math."""
    tex = r" ,\qquad ".join(f"{name} = {bmatrix(M)}" for name, M in named)
    display(Math(tex, "\n".join(f"{name} =\n{M}" for name, M in named)))
