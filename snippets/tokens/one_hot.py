"""One-hot row times E picks out a row of E, printed as a KaTeX equation."""

from snippets.tokens.lookup import embed

# %%
import torch
from IPython.display import display


class Math:
    """LaTeX that Jupyter, Colab and the page typeset (IPython's
    `_repr_markdown_`); plain `python` prints its text form instead."""

    def __init__(self, tex: str, text: str) -> None:
        self.tex, self.text = tex, text

    def _repr_markdown_(self) -> str:
        return f"$$\n{self.tex}\n$$"

    def __repr__(self) -> str:
        return self.text


def bmatrix(M: torch.Tensor, fmt: str = "{:.2f}") -> str:
    rows = [" & ".join(fmt.format(x) for x in row) for row in M.tolist()]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


E_5 = embed.weight.detach()[:5]        # first 5 rows of E, enough to see it
e_3 = torch.zeros(1, 5)
e_3[0, 3] = 1.0                        # one-hot vector of token 3
equation = " ".join([bmatrix(e_3, "{:.0f}"), bmatrix(E_5), "=",
                     bmatrix(e_3 @ E_5)])
display(Math(equation, f"{e_3}\n@\n{E_5}\n=\n{e_3 @ E_5}"))
