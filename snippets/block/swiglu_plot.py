"""SwiGLU's two branches for the page's tokens: the SiLU gate, the up projection, and
their product cell by cell, which W_down then contracts."""

from snippets.block.mlp import X
from snippets.block.swiglu import swiglu

# %%
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

with torch.no_grad():
    gate = F.silu(swiglu.W_gate(X))                      # (n, d_ff): the gate branch
    up = swiglu.W_up(X)                                  # (n, d_ff): the up branch
    gated = gate * up                                    # (n, d_ff): what W_down reads

x = torch.linspace(-5, 5, 101)
fig = plt.figure(figsize=(7.4, 4.4), layout="constrained")
curve, maps = fig.subfigures(1, 2, width_ratios=[1, 3])
ax = curve.subplots()
ax.plot(x, F.silu(x), color="tab:blue")
ax.axhline(0, color="0.4", lw=0.8)
ax.set_title("SiLU(x) = x · sigmoid(x)", fontsize=10)
ax.set_xlabel("x")
axes = maps.subplots(3, 1, sharex=True)
limit = max(M.abs().max() for M in (gate, up, gated))    # one colour scale for all
panels = {r"gate: SiLU($X W_\mathrm{gate}$)": gate, r"up: $X W_\mathrm{up}$": up,
          r"gate $\odot$ up": gated}
for ax, (title, M) in zip(axes, panels.items(), strict=True):
    image = ax.imshow(M, cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
    ax.set_title(title, loc="left", fontsize=10)
    ax.set_ylabel("token")
axes[-1].set_xlabel(rf"feature ($d_\mathrm{{ff}}$ = {gate.shape[1]})")
maps.colorbar(image, ax=axes, label="value", shrink=0.8)
plt.show()
