"""Causal self-attention with grouped K/V heads (GQA) and RoPE, in the HF layout."""

# %%
import torch
from torch import nn


def rope_cos_sin(n, d_k, base=10000.0):
    """cos, sin of the angles i * theta_r, for pairs (r, r + d_k/2)."""
    two_r = torch.arange(0, d_k, 2).float()
    theta = 1 / base ** (two_r / d_k)               # (d_k/2,)
    angle = torch.arange(n).float()[:, None] * theta   # (n, d_k/2)
    angle = torch.cat([angle, angle], dim=-1)          # (n, d_k)
    return angle.cos(), angle.sin()


def rope(x, cos, sin):
    """Rotate feature r with feature r + d_k/2 by its position's angle."""
    x1, x2 = x.chunk(2, dim=-1)                        # first half, second half
    return x * cos + torch.cat([-x2, x1], dim=-1) * sin


class Attention(nn.Module):
    """n_h query heads share n_kv key/value heads (grouped-query attention)."""

    def __init__(self, d_model, n_h, n_kv, d_k):
        super().__init__()
        self.n_h, self.n_kv, self.d_k = n_h, n_kv, d_k
        self.W_q = nn.Linear(d_model, n_h * d_k, bias=False)
        self.W_k = nn.Linear(d_model, n_kv * d_k, bias=False)
        self.W_v = nn.Linear(d_model, n_kv * d_k, bias=False)
        self.W_o = nn.Linear(n_h * d_k, d_model, bias=False)

    def split(self, M, heads):
        """(B, n, heads * d_k) -> (B, heads, n, d_k): one slice per head."""
        B, n, _ = M.shape
        return M.view(B, n, heads, self.d_k).transpose(1, 2)

    def forward(self, X, cos, sin):                    # X: (B, n, d_model)
        B, n, _ = X.shape
        Q = self.split(self.W_q(X), self.n_h)          # (B, n_h, n, d_k)
        K = self.split(self.W_k(X), self.n_kv)         # (B, n_kv, n, d_k)
        V = self.split(self.W_v(X), self.n_kv)
        Q, K = rope(Q, cos, sin), rope(K, cos, sin)    # positions enter here
        group = self.n_h // self.n_kv                  # query heads per K/V
        K = K.repeat_interleave(group, dim=1)          # (B, n_h, n, d_k)
        V = V.repeat_interleave(group, dim=1)
        S = Q @ K.transpose(-2, -1) / self.d_k**0.5    # scores: (B, n_h, n, n)
        future = torch.ones(n, n, dtype=torch.bool).triu(diagonal=1)
        A = S.masked_fill(future, float("-inf")).softmax(dim=-1)
        Y = (A @ V).transpose(1, 2).reshape(B, n, -1)  # heads side by side again
        return self.W_o(Y)                             # (B, n, d_model)


torch.manual_seed(4)
attn = Attention(d_model=64, n_h=4, n_kv=2, d_k=16)
X = torch.randn(2, 7, 64)                              # batch 2, 7 tokens
cos, sin = rope_cos_sin(7, 16)
out = attn(X, cos, sin)
# Causal: changing the last token cannot change the outputs before it
X2 = X.clone()
X2[:, -1] += 1.0
same_past = torch.allclose(out[:, :-1], attn(X2, cos, sin)[:, :-1])
print("out:", tuple(out.shape))
print("earlier tokens ignore the last one:", same_past)
