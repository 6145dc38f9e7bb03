"""Check: with the mask, a padded sequence gets the outputs it gets alone."""

from snippets.bugs.ex_pad_mask_solution import padding_mask

# %%
import torch
import torch.nn.functional as F

torch.manual_seed(0)
b, n_h, n, d_k = 2, 4, 5, 8
Q, K, V = torch.randn(3, b, n_h, n, d_k).unbind(0)
attention_mask = torch.tensor([[1, 1, 1, 0, 0],      # 3 real tokens, 2 [PAD]
                               [1, 1, 1, 1, 1]])
mask = padding_mask(attention_mask)
out = F.scaled_dot_product_attention(Q, K, V, attn_mask=mask)   # (b, n_h, n, d_k)
for j, length in enumerate(attention_mask.sum(dim=1).tolist()):
    alone = F.scaled_dot_product_attention(            # sequence j without padding
        Q[j:j + 1, :, :length], K[j:j + 1, :, :length], V[j:j + 1, :, :length])
    d = (out[j:j + 1, :, :length] - alone).abs().max().item()
    assert d < 1e-5, (
        f"sequence {j}: its {length} real tokens differ by {d:.2f} from the same"
        " sequence alone; do the real tokens still attend to [PAD]?")
print("✓ batched with padding = alone, for both sequences,"
      f" mask of shape {tuple(mask.shape)}")
