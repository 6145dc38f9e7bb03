"""Check: the formula against the parameters torch.nn.LSTM really allocates."""

from snippets.history.ex_lstm_params_solution import lstm_params

# %%
from torch import nn

for d, d_h in [(16, 64), (4, 3), (300, 512)]:
    real = sum(p.numel() for p in nn.LSTM(d, d_h).parameters())
    guess = lstm_params(d, d_h)
    assert guess == real, f"nn.LSTM({d}, {d_h}) has {real:,} parameters, not {guess}"
print(f"✓ matches nn.LSTM for 3 sizes; nn.LSTM(300, 512) has {real:,} parameters")
