"""Check: with the mask, a padded sequence gets the outputs it gets alone."""

from snippets.bugs.ex_pad_mask_solution import padding_mask

# %%
import torch
import torch.nn.functional as F

torch.manual_seed(0)
B, n_h, n, d_k = 2, 4, 5, 8
Q, K, V = torch.randn(3, B, n_h, n, d_k).unbind(0)
attention_mask = torch.tensor([[1, 1, 1, 0, 0],      # 3 real tokens, 2 [PAD]
                               [1, 1, 1, 1, 1]])
mask = padding_mask(attention_mask)
out = F.scaled_dot_product_attention(Q, K, V, attn_mask=mask)   # (B, n_h, n, d_k)
for row, length in enumerate(attention_mask.sum(dim=1).tolist()):
    alone = F.scaled_dot_product_attention(            # that sequence alone
        Q[row:row + 1, :, :length], K[row:row + 1, :, :length],
        V[row:row + 1, :, :length])
    diff = (out[row:row + 1, :, :length] - alone).abs().max().item()
    assert diff < 1e-5, (
        f"sequence {row}: its {length} real tokens differ by {diff:.2f} from the same"
        " sequence alone; do the real tokens still attend to [PAD]?")
print("✓ batched with padding = alone, for both sequences,"
      f" mask of shape {tuple(mask.shape)}")
