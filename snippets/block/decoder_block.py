"""A whole pre-norm decoder block, assembled from the pieces of this chapter."""

from snippets.block.attention import Attention
from snippets.block.norms import RMSNorm
from snippets.block.swiglu import SwiGLU

# %%
from torch import nn


class DecoderBlock(nn.Module):
    def __init__(self, d_model, n_h, n_kv, d_k, d_ff, eps=1e-6):
        super().__init__()
        self.norm_1 = RMSNorm(d_model, eps)
        self.attn = Attention(d_model, n_h, n_kv, d_k)
        self.norm_2 = RMSNorm(d_model, eps)
        self.mlp = SwiGLU(d_model, d_ff)

    def forward(self, X, cos, sin):                  # X: (B, n, d_model)
        X = X + self.attn(self.norm_1(X), cos, sin)  # tokens look at others
        X = X + self.mlp(self.norm_2(X))             # each token on its own
        return X                                     # (B, n, d_model)


block = DecoderBlock(d_model=64, n_h=4, n_kv=2, d_k=16, d_ff=176)
for name, module in block.named_children():
    n_params = sum(p.numel() for p in module.parameters())
    print(f"{name:<7} {type(module).__name__:<10} {n_params:>6,} parameters")
