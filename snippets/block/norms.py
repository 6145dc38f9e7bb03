"""LayerNorm and RMSNorm by hand, checked against nn.LayerNorm and nn.RMSNorm."""

from snippets.block.mlp import d_model

# %%
import torch
from torch import nn


def layer_norm(x, gamma, beta, eps=1e-5):
    """Each row to mean 0 and variance 1, then gamma * . + beta."""
    mu = x.mean(dim=-1, keepdim=True)                    # (n, 1)
    var = x.var(dim=-1, keepdim=True, unbiased=False)    # (n, 1)
    return (x - mu) / torch.sqrt(var + eps) * gamma + beta


class RMSNorm(nn.Module):
    """Each row to root-mean-square 1, then gamma * .: no mean, no beta."""

    def __init__(self, d_model, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d_model))  # gamma, learned
        self.eps = eps

    def forward(self, x):
        ms = x.pow(2).mean(dim=-1, keepdim=True)         # (n, 1) mean square
        return self.weight * x / torch.sqrt(ms + self.eps)


torch.manual_seed(2)
x = 3 * torch.randn(4, d_model) + 1              # rows far from mean 0, std 1

ln = nn.LayerNorm(d_model)
nn.init.normal_(ln.weight)                       # random gamma and beta,
nn.init.normal_(ln.bias)                         # so a mix-up would show
diff = (layer_norm(x, ln.weight, ln.bias) - ln(x)).abs().max()
print(f"LayerNorm: max |ours - torch| = {diff:.1e}")

rms_torch = nn.RMSNorm(d_model, eps=1e-6)
rms_ours = RMSNorm(d_model, eps=1e-6)
with torch.no_grad():
    rms_torch.weight.normal_()
    rms_ours.weight.copy_(rms_torch.weight)
diff = (rms_ours(x) - rms_torch(x)).abs().max()
print(f"RMSNorm:   max |ours - torch| = {diff:.1e}")

# With gamma = 1 and beta = 0, what each one guarantees about a row:
y = layer_norm(x, 1, 0)
z = RMSNorm(d_model)(x)


def stats(t):
    return [round(v, 3) + 0.0 for v in t.tolist()]   # + 0.0: no "-0.0"


print("LayerNorm rows: mean", stats(y.mean(-1)),
      "std", stats(y.var(-1, False).sqrt()))
print("RMSNorm rows:   mean", stats(z.mean(-1)),
      "rms", stats(z.pow(2).mean(-1).sqrt()))
