"""Step 2 of the hand-sized example: scores, scaled scores and softmax weights."""

from snippets.attention.tex import show
from snippets.attention.worked_qkv import K, Q

# %%
d_k = K.shape[-1]               # 3
S = Q @ K.T                     # (3, 3): row i = query i against every key
S_scaled = S / d_k**0.5         # spread back to about 1
A = S_scaled.softmax(dim=-1)    # (3, 3): each row sums to 1
show((r"S = QK^\top", S))
show((rf"\frac{{S}}{{\sqrt{{{d_k}}}}}", S_scaled))
show((r"A = \operatorname{softmax}\!\left(\frac{S}{\sqrt{d_k}}\right)", A))
