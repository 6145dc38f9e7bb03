"""An encoder-decoder from the same pieces: full attention, then cross-attention."""

from snippets.learning.dates import src_vocab, tgt_vocab
from snippets.learning.pieces import Attention, DecoderBlock, RMSNorm, rope_cos_sin

# %%
import torch
from torch import nn


class EncoderBlock(DecoderBlock):
    """The same block, but every word may look at every other word."""

    def __init__(self, *args):
        super().__init__(*args)
        self.attn.causal = False


class CrossDecoderBlock(DecoderBlock):
    """Causal self-attention, then cross-attention to the encoder, then MLP."""

    def __init__(self, d_model, n_h, d_k, d_ff):
        super().__init__(d_model, n_h, d_k, d_ff)
        self.norm_x = RMSNorm(d_model)
        self.cross = Attention(d_model, n_h, d_k, causal=False)

    def forward(self, X, cos, sin, memory):          # memory: (B, n_enc, d_model)
        X = X + self.attn(self.norm_1(X), cos, sin)
        X = X + self.cross(self.norm_x(X), memory=memory)  # Q from X, K, V
        X = X + self.mlp(self.norm_2(X))                   # from memory
        return X


class Seq2Seq(nn.Module):
    def __init__(self, d_model=64, n_layers=2, n_h=4, d_ff=176):
        super().__init__()
        args = (d_model, n_h, d_model // n_h, d_ff)
        self.d_k = d_model // n_h
        self.src_embed = nn.Embedding(len(src_vocab), d_model)
        self.encoder = nn.ModuleList(EncoderBlock(*args) for _ in range(n_layers))
        self.enc_norm = RMSNorm(d_model)
        self.tgt_embed = nn.Embedding(len(tgt_vocab), d_model)
        self.tgt_pos = nn.Embedding(12, d_model)     # <s>, 10 characters, </s>
        self.decoder = nn.ModuleList(
            CrossDecoderBlock(*args) for _ in range(n_layers))
        self.norm = RMSNorm(d_model)
        self.lm_head = nn.Linear(d_model, len(tgt_vocab), bias=False)

    def encode(self, src):                           # src: (B, n_enc) word ids
        cos, sin = rope_cos_sin(src.shape[1], self.d_k)
        X_enc = self.src_embed(src)
        for block in self.encoder:
            X_enc = block(X_enc, cos, sin)
        return self.enc_norm(X_enc)                  # (B, n_enc, d_model)

    def decode(self, tgt, memory):                   # tgt: (B, n) character ids
        cos, sin = rope_cos_sin(tgt.shape[1], self.d_k)
        X = self.tgt_embed(tgt) + self.tgt_pos(torch.arange(tgt.shape[1]))
        for block in self.decoder:
            X = block(X, cos, sin, memory)
        return self.lm_head(self.norm(X))            # (B, n, len(tgt_vocab))

    def forward(self, src, tgt):
        return self.decode(tgt, self.encode(src))


torch.manual_seed(0)
translator = Seq2Seq()
print(f"{sum(p.numel() for p in translator.parameters()):,} parameters")
