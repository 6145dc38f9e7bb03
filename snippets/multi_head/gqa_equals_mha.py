"""With n_kv == n_h and the same weights, the grouped module is plain MHA."""

from snippets.multi_head.gqa import GroupedQueryAttention
from snippets.multi_head.mha_module import X, mha

# %%
import torch

as_gqa = GroupedQueryAttention(d_model=512, n_h=8, n_kv=8)
as_gqa.load_state_dict(mha.state_dict())     # same names: W_q, W_k, W_v, W_o
out_mha, _ = mha(X)
out_gqa, _ = as_gqa(X)
print(f"max |MHA - GQA(n_kv=8)| = {(out_mha - out_gqa).abs().max():.1e}")
print("equal:", torch.allclose(out_mha, out_gqa, atol=1e-6))
