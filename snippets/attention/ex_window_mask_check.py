"""Check: the window mask against PyTorch's causal attention and two limiting cases."""

from snippets.attention.ex_window_mask_solution import window_mask

# %%
import torch
import torch.nn.functional as F

n = 6
mask = window_mask(n, 3)
assert mask.shape == (n, n) and mask.dtype == torch.bool, (
    f"expected a bool tensor of shape ({n}, {n}), got {mask.dtype} {tuple(mask.shape)}")
seen = mask.sum(dim=-1).tolist()
assert seen == [1, 2, 3, 3, 3, 3], f"query i should see min(i + 1, 3) keys, got {seen}"
assert not mask.triu(diagonal=1).any(), "a query sees a later key: keep the mask causal"
torch.manual_seed(0)
Q, K, V = torch.randn(3, 2, n, 8).unbind(0)     # batch 2, 6 tokens, d_k = 8
# A window as long as the sequence is the plain causal mask ...
wide = F.scaled_dot_product_attention(Q, K, V, attn_mask=window_mask(n, n))
causal = F.scaled_dot_product_attention(Q, K, V, is_causal=True)
diff = (wide - causal).abs().max().item()
assert diff < 1e-6, f"window = n should give is_causal=True's output, off by {diff:.1e}"
# ... and a window of 1 lets each token see only itself: the output is V.
own = F.scaled_dot_product_attention(Q, K, V, attn_mask=window_mask(n, 1))
assert torch.allclose(own, V, atol=1e-6), "window = 1: each token should get its own V"
print("✓ window = n is causal attention (max diff", f"{diff:.1e}),",
      "window = 1 returns V; keys seen with window = 3:", seen)
