"""Attention without positions is permutation-equivariant: shuffle in, shuffle out."""

# %%
import torch

torch.manual_seed(0)
d_model, d_k = 8, 8
W_q, W_k, W_v = torch.randn(3, d_model, d_k).unbind(0)


def self_attention(X):
    """Plain attention over the rows of X: nothing in it knows the order."""
    Q, K, V = X @ W_q, X @ W_k, X @ W_v               # (n, d_k) each
    weights = (Q @ K.T / d_k**0.5).softmax(dim=-1)    # (n, n)
    return weights @ V                                # (n, d_k)


vocab = {"dog": 0, "bites": 1, "man": 2}
E = torch.randn(len(vocab), d_model)         # a vector per word, no position
s1 = ["dog", "bites", "man"]
s2 = ["man", "bites", "dog"]
out1 = self_attention(E[[vocab[w] for w in s1]])      # (3, d_k)
out2 = self_attention(E[[vocab[w] for w in s2]])
print("'dog' in s1 == 'dog' in s2:",
      torch.allclose(out1[0], out2[2], atol=1e-6))

# For any reordering perm: attention(X[perm]) == attention(X)[perm]
X = torch.randn(6, d_model)
perm = torch.tensor([3, 0, 5, 1, 4, 2])
shuffled_in = self_attention(X[perm])
shuffled_out = self_attention(X)[perm]
print("attention(X[perm]) == attention(X)[perm]:",
      torch.allclose(shuffled_in, shuffled_out, atol=1e-6))
print(f"max difference: {(shuffled_in - shuffled_out).abs().max():.1e}")
