"""Bug 7: forgetting model.eval(): dropout makes two calls on one input differ."""

from snippets.bugs.padding import model

# %%
import torch
from torch import nn

torch.manual_seed(3)
layer = nn.TransformerEncoderLayer(d_model=32, nhead=4, batch_first=True)
X = torch.randn(1, 6, 32)                    # (B, n, d_model)
print("new module, training mode:", layer.training, "| dropout p =",
      layer.dropout.p)
with torch.no_grad():                        # no_grad does not switch dropout off
    out_1, out_2 = layer(X), layer(X)        # BUG: still in training mode
diff = (out_1 - out_2).abs().max()
print(f"wrong: no .eval()   max |call 1 - call 2| = {diff:.2f}")
layer.eval()                                 # FIX: dropout off
with torch.no_grad():
    out_1, out_2 = layer(X), layer(X)
print("fixed: after .eval() the two calls are equal:", torch.equal(out_1, out_2))
print("MiniLM from from_pretrained, training mode:", model.training)
