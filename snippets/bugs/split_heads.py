"""Bug 4: splitting heads with view but no transpose: heads mix positions."""

from snippets.bugs.reference import attention

# %%
import torch
from torch import nn

torch.manual_seed(2)
B, n, d_model, n_h = 1, 6, 32, 4
d_k = d_model // n_h
mha = nn.MultiheadAttention(d_model, n_h, bias=False, batch_first=True)
# nn.MultiheadAttention stacks W_q^T, W_k^T, W_v^T in one (3 d_model, d_model) matrix
W_q, W_k, W_v = (W.T for W in mha.in_proj_weight.detach().chunk(3))
W_o = mha.out_proj.weight.detach().T


def split_wrong(x):                    # (B, n, d_model) -> (B, n_h, n, d_k)
    return x.view(B, n_h, n, d_k)      # BUG: right shape, wrong numbers


def merge_wrong(heads):                # (B, n_h, n, d_k) -> (B, n, d_model)
    return heads.reshape(B, n, d_model)


def split(x):                          # columns 0..d_k-1 are head 0, and so on
    return x.view(B, n, n_h, d_k).transpose(1, 2)


def merge(heads):
    return heads.transpose(1, 2).reshape(B, n, d_model)


def multi_head(X, split, merge):
    Q, K, V = split(X @ W_q), split(X @ W_k), split(X @ W_v)   # (B, n_h, n, d_k)
    heads, _ = attention(Q, K, V)
    return merge(heads) @ W_o                                  # (B, n, d_model)


X = torch.randn(B, n, d_model)
with torch.no_grad():
    theirs, _ = mha(X, X, X)
Q = X @ W_q
print("wrong split: head 0, row 1 is token 0's features 8..15:",
      torch.equal(split_wrong(Q)[0, 0, 1], Q[0, 0, d_k:2 * d_k]))
for name, (sp, mg) in [("wrong: view only       ", (split_wrong, merge_wrong)),
                       ("fixed: view + transpose", (split, merge))]:
    diff = (multi_head(X, sp, mg) - theirs).abs().max()
    print(f"{name}  max |out - nn.MultiheadAttention| = {diff:.2f}")
