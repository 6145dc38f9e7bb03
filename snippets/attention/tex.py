"""Format tensors as KaTeX matrices, so the page shows matrices the code computed."""

# %%
import torch
from IPython.display import Markdown, display


def bmatrix(M: torch.Tensor, digits: int = 2) -> str:
    """LaTeX for a 2-D tensor: whole numbers as integers, others rounded."""
    def cell(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else f"{x:.{digits}f}"
    rows = [" & ".join(cell(x) for x in row) for row in M.tolist()]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


def show(*named: tuple[str, torch.Tensor]) -> None:
    """Display one line of math, `name = matrix` side by side, rendered by
    Jupyter, Colab and the page alike (printed, it would stay LaTeX source)."""
    parts = [f"{name} = {bmatrix(M)}" for name, M in named]
    display(Markdown("$$ " + r" ,\qquad ".join(parts) + " $$"))
