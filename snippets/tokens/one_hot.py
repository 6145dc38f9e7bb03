"""One-hot row times E picks out a row of E, printed as a KaTeX equation."""

from snippets.tokens.lookup import embed

# %%
import torch
from IPython.display import Markdown, display


def bmatrix(M: torch.Tensor, fmt: str = "{:.2f}") -> str:
    rows = [" & ".join(fmt.format(x) for x in row) for row in M.tolist()]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


E_5 = embed.weight.detach()[:5]        # first 5 rows of E, enough to see it
e_3 = torch.zeros(1, 5)
e_3[0, 3] = 1.0                        # one-hot vector of token 3
equation = " ".join([bmatrix(e_3, "{:.0f}"), bmatrix(E_5), "=",
                     bmatrix(e_3 @ E_5)])
display(Markdown(f"$$\n{equation}\n$$"))     # rendered as math, not printed
