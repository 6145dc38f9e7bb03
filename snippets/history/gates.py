"""LSTM and GRU add gates: 4 and 3 sets of the RNN's weights."""

# %%
import pandas as pd
from torch import nn

d, d_h = 16, 64
layers = {"RNN": nn.RNN(d, d_h), "GRU": nn.GRU(d, d_h), "LSTM": nn.LSTM(d, d_h)}
n_params = {name: sum(p.numel() for p in m.parameters())
            for name, m in layers.items()}
pd.DataFrame({
    "parameters": n_params,
    "x RNN": {name: n / n_params["RNN"] for name, n in n_params.items()},
})
