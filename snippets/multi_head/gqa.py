"""One module for MHA, GQA and MQA: n_kv key/value heads shared by query heads."""

# %%
import torch
from torch import nn


class GroupedQueryAttention(nn.Module):
    """n_kv == n_h: MHA; 1 < n_kv < n_h: GQA; 1: MQA."""

    def __init__(self, d_model: int, n_h: int, n_kv: int):
        super().__init__()
        assert d_model % n_h == 0 and n_h % n_kv == 0
        self.n_h, self.n_kv = n_h, n_kv
        self.d_k = d_model // n_h
        self.group = n_h // n_kv          # query heads per K/V head
        self.W_q = nn.Linear(d_model, n_h * self.d_k)
        self.W_k = nn.Linear(d_model, n_kv * self.d_k)   # fewer K heads
        self.W_v = nn.Linear(d_model, n_kv * self.d_k)   # fewer V heads
        self.W_o = nn.Linear(n_h * self.d_k, d_model)

    def split(self, x, heads):        # (B, n, heads * d_k) -> (B, heads, n, d_k)
        B, n, _ = x.shape
        return x.view(B, n, heads, self.d_k).transpose(1, 2)

    def forward(self, x, mask=None):          # x: (B, n, d_model)
        Q = self.split(self.W_q(x), self.n_h)     # (B, n_h, n, d_k)
        K = self.split(self.W_k(x), self.n_kv)  # (B, n_kv, n, d_k)
        V = self.split(self.W_v(x), self.n_kv)
        # Only K and V of n_kv are computed (and cached when generating);
        # repeat each one for the `group` query heads that share it.
        K = K.repeat_interleave(self.group, dim=1)      # (B, n_h, n, d_k)
        V = V.repeat_interleave(self.group, dim=1)
        scores = Q @ K.transpose(-2, -1) / self.d_k**0.5
        if mask is not None:
            scores = scores.masked_fill(~mask, float("-inf"))
        weights = scores.softmax(dim=-1)                # (B, n_h, n, n)
        B, _, n, _ = weights.shape
        concat = (weights @ V).transpose(1, 2).reshape(B, n, -1)
        return self.W_o(concat), weights


torch.manual_seed(0)
X = torch.randn(2, 20, 512)
for name, n_kv in (("MHA", 8), ("GQA", 2), ("MQA", 1)):
    attn = GroupedQueryAttention(d_model=512, n_h=8, n_kv=n_kv)
    out, weights = attn(X)
    K_cached = attn.split(attn.W_k(X), n_kv)
    kv_params = sum(p.numel() for layer in (attn.W_k, attn.W_v)
                    for p in layer.parameters())
    print(f"{name} n_kv={n_kv}: K per layer {tuple(K_cached.shape)},"
          f" W_k+W_v params {kv_params:>7,}")
print("output shape in every case:", tuple(out.shape))   # MHA, GQA, MQA alike
