"""A tiny next-word model from torch.nn pieces: embed, a stack of blocks, a head."""

# %%
import torch
from torch import nn

vocab = ["<bos>", "the", "a", "cat", "dog", "sat", "ran", "saw",
         "on", "to", "mat", "."]
stoi = {w: i for i, w in enumerate(vocab)}           # word -> token id


class TinyLM(nn.Module):
    """Token ids (B, n) -> next-token logits (B, n, vocab_size)."""

    def __init__(self, vocab_size, d_model=32, n_h=4, n_layers=3, max_len=64):
        super().__init__()
        # Stage 1: every token id and every position gets a learned vector.
        self.embed = nn.Embedding(vocab_size, d_model)
        self.pos = nn.Embedding(max_len, d_model)
        # Stage 2: n_layers blocks of one design (each with its own weights).
        self.blocks = nn.ModuleList(
            nn.TransformerEncoderLayer(
                d_model, n_h, dim_feedforward=4 * d_model, dropout=0.0,
                batch_first=True, norm_first=True,
            )
            for _ in range(n_layers)
        )
        # Stage 3: a last normalisation, then one score per vocabulary word.
        self.norm = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, vocab_size)

    def forward(self, ids):                              # ids: (B, n)
        n = ids.shape[1]
        x = self.embed(ids) + self.pos(torch.arange(n))  # (B, n, d_model)
        # Causal mask: position t may only look at positions <= t.
        mask = nn.Transformer.generate_square_subsequent_mask(n)
        for block in self.blocks:
            x = block(x, src_mask=mask, is_causal=True)  # (B, n, d_model)
        return self.head(self.norm(x))                   # (B, n, vocab_size)


torch.manual_seed(0)
model = TinyLM(len(vocab)).eval()                    # untrained: random weights
print(model)
