"""inference_mode's price: its outputs can never enter autograd later."""

from snippets.practical.load import model

# %%
import torch

ids = torch.tensor([[1, 2, 3]])
with torch.no_grad():
    h_no_grad = model(input_ids=ids).logits
with torch.inference_mode():
    h_inference = model(input_ids=ids).logits

w = torch.ones((), requires_grad=True)        # something we want a gradient for
for name, h in (("no_grad", h_no_grad), ("inference_mode", h_inference)):
    try:
        (h * w).sum().backward()              # multiplying saves h for backward
        print(f"{name}: backward works, w.grad is set: {w.grad is not None}")
    except RuntimeError as e:
        print(f"{name}: {type(e).__name__}: {e}")
