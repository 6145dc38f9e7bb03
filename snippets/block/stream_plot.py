"""The residual stream through a block: what attention adds, then what the MLP adds."""

from snippets.block.decoder_block import block
from snippets.block.vs_llama import X, cos, out_ours, sin

# %%
import matplotlib.pyplot as plt
import torch

with torch.no_grad():
    x_0 = X[:1]                                          # (1, n, d_model): one sentence
    attn_update = block.attn(block.norm_1(x_0), cos, sin)
    x_1 = x_0 + attn_update                              # the stream after attention
    mlp_update = block.mlp(block.norm_2(x_1))
    x_2 = x_1 + mlp_update                               # the stream leaving the block
print("x_2 is the block's output:", torch.allclose(x_2, out_ours[:1], atol=1e-6))

stages = {
    "$x$ in": x_0,
    "+ attention(RMSNorm($x$))": attn_update,
    "= $x$ after attention": x_1,
    "+ MLP(RMSNorm($x$))": mlp_update,
    "= $x$ out": x_2,
}
for name, M in stages.items():
    rms = M[0].pow(2).mean(-1).sqrt()                    # (n,): one size per token
    print(f"{name.replace('$', ''):<26} rms per token:", rms.numpy().round(2))

fig, axes = plt.subplots(len(stages), 1, figsize=(7.4, 6.6), sharex=True,
                         layout="constrained")
limit = max(M.abs().max() for M in stages.values())     # one colour scale for all five
for ax, (name, M) in zip(axes, stages.items(), strict=True):
    image = ax.imshow(M[0], cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto",
                      interpolation="nearest")
    ax.set_title(f"{name}    rms {M.pow(2).mean().sqrt():.2f}", loc="left",
                 fontsize=10)
    ax.set_ylabel("token")
    ax.set_yticks(range(0, M.shape[1], 4))
axes[-1].set_xlabel("feature (d_model = 64)")
fig.colorbar(image, ax=axes, label="value", shrink=0.6)
plt.show()
