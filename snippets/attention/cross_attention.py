"""Cross-attention: queries from one sequence, keys and values from another."""

from snippets.attention.attention_fn import attention

# %%
import torch

torch.manual_seed(5)
d_model, d_k = 8, 4
X_dec = torch.randn(3, d_model)     # 3 tokens of the output written so far
X_enc = torch.randn(5, d_model)     # 5 tokens of the input sentence
W_q, W_k, W_v = torch.randn(3, d_model, d_k).unbind(0)

Q = X_dec @ W_q                     # (n_q = 3, d_k): the decoder asks
K = X_enc @ W_k                     # (n_k = 5, d_k): the encoder answers
V = X_enc @ W_v                     # (n_k = 5, d_k)
Y, weights = attention(Q, K, V)
print("Q:", tuple(Q.shape), " K:", tuple(K.shape), " V:", tuple(V.shape))
print("weights:", tuple(weights.shape), "= (n_q, n_k), each row sums to 1")
print("output: ", tuple(Y.shape), "= one vector per decoder token")
