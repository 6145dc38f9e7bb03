"""Exercise: recompute one head of MiniLM's first layer from its weights."""

from snippets.atlas.load import enc_tokenizer, encoder
from snippets.atlas.weights import SENTENCES

# %%
import torch

batch = enc_tokenizer(SENTENCES[0], return_tensors="pt")
with torch.no_grad():
    # hidden_states[0] is the input of layer 0 (embeddings, already normalised)
    X = encoder(**batch, output_hidden_states=True).hidden_states[0][0]   # (n, d_model)
attn = encoder.encoder.layer[0].attention.self    # .query, .key, .value: nn.Linear
print(attn)


def head_weights(X: torch.Tensor, attn, i: int, n_h: int = 12) -> torch.Tensor:
    """A of head i: softmax(Q^(i) K^(i)^T / sqrt(d_k)), shape (n, n).

    Q = attn.query(X) and K = attn.key(X) are (n, d_model); head i owns the
    columns i * d_k up to (i + 1) * d_k, with d_k = d_model / n_h.
    """
    raise NotImplementedError("your code here")
