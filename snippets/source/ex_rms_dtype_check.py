"""Check: LlamaRMSNorm in float16, on activations whose squares overflow float16."""

from snippets.source.ex_rms_dtype_solution import llama_rms_norm

# %%
import torch
from transformers.models.llama.modeling_llama import LlamaRMSNorm

torch.manual_seed(0)
d_model = 64
fp16_max = torch.finfo(torch.float16).max       # largest float16
norm = LlamaRMSNorm(d_model, eps=1e-6).to(torch.float16)
x = (300 * torch.randn(2, 5, d_model)).to(torch.float16)    # (batch, n, d_model)
with torch.no_grad():
    norm.weight.normal_()
    theirs = norm(x)
    ours = llama_rms_norm(x, norm.weight, norm.variance_epsilon)
assert ours.dtype == theirs.dtype, (
    f"LlamaRMSNorm returns {theirs.dtype} for a {x.dtype} input, yours {ours.dtype}")
assert torch.isfinite(ours).all() and ours.abs().amax(dim=-1).min() > 0, (
    f"a row of yours is 0, inf or nan: x² overflows float16 (largest {fp16_max:,.0f});"
    " in which dtype does the source compute the variance?")
d = (ours.float() - theirs.float()).abs().max().item()
assert torch.allclose(ours, theirs, rtol=2e-3, atol=1e-3), (
    f"your output differs from LlamaRMSNorm's by up to {d:.1e}")
print(f"✓ matches LlamaRMSNorm in float16, max diff {d:.1e}; x² reaches "
      f"{x.float().pow(2).max():,.0f}, float16 stops at {fp16_max:,.0f}")
