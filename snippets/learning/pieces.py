"""The block chapter's decoder block, compact: RMSNorm, RoPE, attention, SwiGLU."""

# %%
import torch
import torch.nn.functional as F
from torch import nn

# One thread, as the build runs: sums then add up in the same order every time,
# so training prints the same numbers run after run.
torch.set_num_threads(1)


class RMSNorm(nn.Module):
    def __init__(self, d_model, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d_model))  # gamma, learned
        self.eps = eps

    def forward(self, x):
        ms = x.pow(2).mean(dim=-1, keepdim=True)         # mean square per token
        return self.weight * x / torch.sqrt(ms + self.eps)


def rope_cos_sin(n, d_k, base=10000.0):
    """cos, sin of the angles i * theta_r at positions i, for pairs (r, r + d_k/2)."""
    two_r = torch.arange(0, d_k, 2).float()
    theta = 1 / base ** (two_r / d_k)                 # (d_k/2,)
    angle = torch.arange(n).float()[:, None] * theta     # (n, d_k/2)
    angle = torch.cat([angle, angle], dim=-1)            # (n, d_k)
    return angle.cos(), angle.sin()


def rope(x, cos, sin):
    """Rotate feature r with feature r + d_k/2 by its position's angle."""
    x1, x2 = x.chunk(2, dim=-1)
    return x * cos + torch.cat([-x2, x1], dim=-1) * sin


class Attention(nn.Module):
    """n_h heads; keeps its last weights so that we can draw them."""

    def __init__(self, d_model, n_h, d_k, causal=True):
        super().__init__()
        self.n_h, self.d_k, self.causal = n_h, d_k, causal
        self.W_q = nn.Linear(d_model, n_h * d_k, bias=False)
        self.W_k = nn.Linear(d_model, n_h * d_k, bias=False)
        self.W_v = nn.Linear(d_model, n_h * d_k, bias=False)
        self.W_o = nn.Linear(n_h * d_k, d_model, bias=False)

    def split(self, proj):
        """(B, n, n_h * d_k) -> (B, n_h, n, d_k): one slice per head."""
        B, n, _ = proj.shape
        return proj.view(B, n, self.n_h, self.d_k).transpose(1, 2)

    def forward(self, X, cos=None, sin=None, memory=None):
        B, n, _ = X.shape
        X_kv = X if memory is None else memory       # keys, values: X or other
        Q = self.split(self.W_q(X))                  # (B, n_h, n, d_k)
        K = self.split(self.W_k(X_kv))               # (B, n_h, n_enc, d_k)
        V = self.split(self.W_v(X_kv))
        if cos is not None:
            Q, K = rope(Q, cos, sin), rope(K, cos, sin)
        scores = Q @ K.transpose(-2, -1) / self.d_k**0.5   # (B, n_h, n, n_enc)
        if self.causal:
            future = torch.ones(n, n, dtype=torch.bool).triu(diagonal=1)
            scores = scores.masked_fill(future, float("-inf"))
        weights = scores.softmax(dim=-1)
        self.weights = weights.detach()              # for the heatmaps
        out = (weights @ V).transpose(1, 2).reshape(B, n, -1)  # concat heads
        return self.W_o(out)                         # (B, n, d_model)


class SwiGLU(nn.Module):
    def __init__(self, d_model, d_ff):
        super().__init__()
        self.W_gate = nn.Linear(d_model, d_ff, bias=False)
        self.W_up = nn.Linear(d_model, d_ff, bias=False)
        self.W_down = nn.Linear(d_ff, d_model, bias=False)

    def forward(self, X):
        return self.W_down(F.silu(self.W_gate(X)) * self.W_up(X))


class DecoderBlock(nn.Module):
    def __init__(self, d_model, n_h, d_k, d_ff, eps=1e-6):
        super().__init__()
        self.norm_1 = RMSNorm(d_model, eps)
        self.attn = Attention(d_model, n_h, d_k)
        self.norm_2 = RMSNorm(d_model, eps)
        self.mlp = SwiGLU(d_model, d_ff)

    def forward(self, X, cos, sin):                  # X: (B, n, d_model)
        X = X + self.attn(self.norm_1(X), cos, sin)  # tokens look at others
        X = X + self.mlp(self.norm_2(X))             # each token on its own
        return X


torch.manual_seed(0)
block = DecoderBlock(d_model=64, n_h=4, d_k=16, d_ff=176)
X = torch.randn(2, 7, 64)                            # batch 2, 7 tokens
cos, sin = rope_cos_sin(7, 16)
print("block:", tuple(X.shape), "->", tuple(block(X, cos, sin).shape))
print("weights kept:", tuple(block.attn.weights.shape))  # (B, n_h, n, n)
