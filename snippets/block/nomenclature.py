"""Math symbol, our name and HF's name for each part of the block, listed from code."""

from snippets.block.vs_llama import HF_NAME, hf_layer

# %%
import pandas as pd

MATH = {                                 # our name -> symbol on these pages
    "norm_1": r"$\gamma_1$ (first RMSNorm)",
    "attn": r"$\operatorname{Attention}$",
    "attn.W_q": "$W_q$",
    "attn.W_k": "$W_k$",
    "attn.W_v": "$W_v$",
    "attn.W_o": "$W_o$",
    "norm_2": r"$\gamma_2$ (second RMSNorm)",
    "mlp": r"$\operatorname{SwiGLU}$",
    "mlp.W_gate": r"$W_\text{gate}$",
    "mlp.W_up": r"$W_\text{up}$",
    "mlp.W_down": r"$W_\text{down}$",
    "F.silu": r"$\operatorname{SiLU}$",
}
OURS = {hf: ours for ours, hf in HF_NAME.items()}  # HF name -> our name
OURS |= {"self_attn": "attn", "mlp": "mlp", "mlp.act_fn": "F.silu"}

rows = []
for hf_name, module in hf_layer.named_modules():
    if not hf_name:
        continue                         # "" is the layer itself
    weight = getattr(module, "weight", None)
    ours = OURS.get(hf_name, "—")
    rows.append({
        "math": MATH.get(ours, "—"),
        "ours": ours,
        "HF module": hf_name,
        "HF class": type(module).__name__,
        "weight shape": "—" if weight is None else tuple(weight.shape),
    })
names = pd.DataFrame(rows)
names
