"""Follow the shapes through multi-head attention: split, attend, concatenate."""

# %%
import torch

torch.manual_seed(0)
n, d_model, n_h = 20, 512, 8        # 20 tokens, model width 512, 8 heads
d_k = d_model // n_h                # 64 features per head
X = torch.randn(n, d_model)
W_q, W_k, W_v, W_o = (torch.randn(4, d_model, d_model) / d_model**0.5).unbind(0)


def step(what: str, t: torch.Tensor) -> None:
    print(f"{what:<44} {tuple(t.shape)}")


step("X: one row per token", X)
Q, K, V = X @ W_q, X @ W_k, X @ W_v               # all heads at once
step("Q = X W_q (same for K, V)", Q)
# Split: columns 0-63 belong to head 0, 64-127 to head 1, ...
Q_h = Q.view(n, n_h, d_k).transpose(0, 1)
K_h = K.view(n, n_h, d_k).transpose(0, 1)
V_h = V.view(n, n_h, d_k).transpose(0, 1)
step("Q split into heads: (n_h, n, d_k)", Q_h)
scores = Q_h @ K_h.transpose(-2, -1) / d_k**0.5   # one n x n matrix per head
step("scores per head: (n_h, n, n)", scores)
weights = scores.softmax(dim=-1)
heads = weights @ V_h
step("each head's output: (n_h, n, d_k)", heads)
concat = heads.transpose(0, 1).reshape(n, d_model)    # heads side by side again
step("concatenated: (n, n_h * d_k)", concat)
out = concat @ W_o                                    # mix what the heads found
step("output = concat W_o: (n, d_model)", out)
