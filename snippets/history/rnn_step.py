"""An RNN reads one word at a time and carries a hidden state h_t from step to step."""

from snippets.history.word_vectors import E, embed

# %%
import torch
from torch import nn

torch.manual_seed(0)
d, d_h = E.shape[1], 3            # word vectors of 4 numbers, hidden state of 3
rnn = nn.RNN(d, d_h, nonlinearity="tanh", batch_first=True)
W_xh, W_hh = rnn.weight_ih_l0.T, rnn.weight_hh_l0.T      # (d, d_h), (d_h, d_h)
b = rnn.bias_ih_l0 + rnn.bias_hh_l0                      # (d_h,)


def read(sentence: str) -> torch.Tensor:
    """h_t = tanh(x_t W_xh + h_{t-1} W_hh + b), starting from h_0 = 0."""
    h = torch.zeros(d_h)
    for x_t in embed(sentence):  # one step per word, in order
        h = torch.tanh(x_t @ W_xh + h @ W_hh + b)
    return h                     # (d_h,): the whole sentence so far


with torch.no_grad():
    h_a, h_b = read("ada beat bob"), read("bob beat ada")
    _, h_torch = rnn(embed("ada beat bob")[None])  # h_n: (1, 1, d_h)
print("h after 'ada beat bob':", h_a)
print("h after 'bob beat ada':", h_b)
print("order now matters:", not torch.allclose(h_a, h_b))
print("our loop = nn.RNN:", torch.allclose(h_a, h_torch[0, 0], atol=1e-6))
