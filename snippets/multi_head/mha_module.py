"""Multi-head attention as an nn.Module with the four projections W_q, W_k, W_v, W_o."""

# %%
import torch
from torch import nn


class MultiHeadAttention(nn.Module):
    def __init__(self, d_model: int, n_h: int):
        super().__init__()
        assert d_model % n_h == 0, "d_model must split evenly into heads"
        self.n_h, self.d_k = n_h, d_model // n_h
        self.W_q = nn.Linear(d_model, d_model)
        self.W_k = nn.Linear(d_model, d_model)
        self.W_v = nn.Linear(d_model, d_model)
        self.W_o = nn.Linear(d_model, d_model)

    def split(self, x):               # (B, n, d_model) -> (B, n_h, n, d_k)
        B, n, _ = x.shape
        return x.view(B, n, self.n_h, self.d_k).transpose(1, 2)

    def forward(self, x, mask=None):        # x: (B, n, d_model)
        Q = self.split(self.W_q(x))                       # (B, n_h, n, d_k)
        K = self.split(self.W_k(x))
        V = self.split(self.W_v(x))
        scores = Q @ K.transpose(-2, -1) / self.d_k**0.5  # (B, n_h, n, n)
        if mask is not None:                              # True = may attend
            scores = scores.masked_fill(~mask, float("-inf"))
        weights = scores.softmax(dim=-1)
        heads = weights @ V                               # (B, n_h, n, d_k)
        B, _, n, _ = heads.shape
        concat = heads.transpose(1, 2).reshape(B, n, -1)  # (B, n, d_model)
        return self.W_o(concat), weights


torch.manual_seed(0)
mha = MultiHeadAttention(d_model=512, n_h=8)
X = torch.randn(2, 20, 512)           # batch of 2 sequences, 20 tokens each
out, weights = mha(X)
print("output: ", tuple(out.shape))
print("weights:", tuple(weights.shape), "= (batch, heads, queries, keys)")
print("parameters:", sum(p.numel() for p in mha.parameters()))
