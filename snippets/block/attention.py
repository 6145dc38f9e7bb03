"""Causal self-attention with grouped K/V heads (GQA) and RoPE, in the HF layout."""

# %%
import torch
from torch import nn


def rope_cos_sin(n, d_head, base=10000.0):
    """cos and sin of the angle m * theta_i, laid out for pairs (j, j + d_head/2)."""
    theta = 1 / base ** (torch.arange(0, d_head, 2).float() / d_head)  # (d_head/2,)
    angle = torch.arange(n).float()[:, None] * theta       # (n, d_head/2)
    angle = torch.cat([angle, angle], dim=-1)              # (n, d_head)
    return angle.cos(), angle.sin()


def rope(x, cos, sin):
    """Rotate feature j with feature j + d_head/2 by the angle of x's position."""
    x1, x2 = x.chunk(2, dim=-1)                            # first half, second half
    return x * cos + torch.cat([-x2, x1], dim=-1) * sin


class Attention(nn.Module):
    """n_h query heads share n_kv key/value heads: each K/V head serves a group."""

    def __init__(self, d_model, n_h, n_kv, d_head):
        super().__init__()
        self.n_h, self.n_kv, self.d_head = n_h, n_kv, d_head
        self.W_q = nn.Linear(d_model, n_h * d_head, bias=False)
        self.W_k = nn.Linear(d_model, n_kv * d_head, bias=False)
        self.W_v = nn.Linear(d_model, n_kv * d_head, bias=False)
        self.W_o = nn.Linear(n_h * d_head, d_model, bias=False)

    def forward(self, X, cos, sin):                        # X: (b, n, d_model)
        b, n, _ = X.shape
        Q = self.W_q(X).view(b, n, self.n_h, self.d_head).transpose(1, 2)
        K = self.W_k(X).view(b, n, self.n_kv, self.d_head).transpose(1, 2)
        V = self.W_v(X).view(b, n, self.n_kv, self.d_head).transpose(1, 2)
        Q, K = rope(Q, cos, sin), rope(K, cos, sin)        # positions enter here
        group = self.n_h // self.n_kv                      # query heads per K/V head
        K = K.repeat_interleave(group, dim=1)              # (b, n_h, n, d_head)
        V = V.repeat_interleave(group, dim=1)
        scores = Q @ K.transpose(-2, -1) / self.d_head**0.5   # (b, n_h, n, n)
        future = torch.ones(n, n, dtype=torch.bool).triu(diagonal=1)
        weights = scores.masked_fill(future, float("-inf")).softmax(dim=-1)
        heads = weights @ V                                # (b, n_h, n, d_head)
        return self.W_o(heads.transpose(1, 2).reshape(b, n, -1))  # (b, n, d_model)


torch.manual_seed(4)
attn = Attention(d_model=64, n_h=4, n_kv=2, d_head=16)
X = torch.randn(2, 7, 64)                                  # batch 2, 7 tokens
cos, sin = rope_cos_sin(7, 16)
print("out:", tuple(attn(X, cos, sin).shape))
# Causal: changing the last token cannot change the outputs of the tokens before it
X2 = X.clone()
X2[:, -1] += 1.0
same_past = torch.allclose(attn(X, cos, sin)[:, :-1], attn(X2, cos, sin)[:, :-1])
print("earlier tokens ignore the last one:", same_past)
