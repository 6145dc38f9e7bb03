"""Vanishing gradients: how much the loss at the last step feels each earlier state."""

# %%
import matplotlib.pyplot as plt
import torch
from torch import nn

n, B, d, d_h = 60, 32, 16, 64         # 60 steps, a batch of 32 random sequences


def grad_norms(cell: nn.Module) -> torch.Tensor:
    """||d loss/dh_t|| for a loss on the last state, by steps back (n - 1 - t)."""
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(B, n, d, generator=gen)    # the same inputs for every cell
    readout = torch.randn(d_h, generator=gen)  # loss = readout . h_n, fixed
    h, c, states = torch.zeros(B, d_h), torch.zeros(B, d_h), []
    for t in range(n):
        if isinstance(cell, nn.LSTMCell):
            h, c = cell(x[:, t], (h, c))   # the LSTM also carries a cell c_t
        else:
            h = cell(x[:, t], h)
        h.retain_grad()                    # keep d loss/dh_t after backward
        states.append(h)
    (h @ readout).sum().backward()
    return torch.stack([state.grad.norm(dim=-1).mean() for state in reversed(states)])


torch.manual_seed(0)
rnn = nn.RNNCell(d, d_h, nonlinearity="tanh")
lstm = nn.LSTMCell(d, d_h)
lstm_open = nn.LSTMCell(d, d_h)
with torch.no_grad():   # PyTorch gate order: input, forget, cell, output
    lstm_open.bias_ih[d_h : 2 * d_h] += 3.0  # forget gate ~ sigmoid(3) = 0.95

norms = {
    "tanh RNN": grad_norms(rnn),
    "LSTM (default init)": grad_norms(lstm),
    "LSTM, forget gate open": grad_norms(lstm_open),
}
for name, grad in norms.items():
    print(f"{name:23} steps back 0: {grad[0]:.1e}, 10: {grad[10]:.1e}, "
          f"50: {grad[50]:.1e}")

fig, ax = plt.subplots(figsize=(6, 3.4))
# Colours that keep 3:1 against a white and a dark page; dashes tell them apart in grey.
looks = [("tab:blue", "-"), ("#d95f02", "--"), ("tab:green", ":")]
for (name, grad), (color, dashes) in zip(norms.items(), looks, strict=True):
    ax.semilogy(grad.detach(), color=color, ls=dashes, lw=1.8, label=name)
ax.set_xlabel("steps back from the loss (0 = the last step)")
ax.set_ylabel("mean ||d loss / dh_t||")
ax.set_title("Gradient reaching earlier hidden states")
ax.legend()
plt.show()
