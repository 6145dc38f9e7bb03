"""Push a batch through the tiny model and print the shape after every stage."""

from snippets.overview.tiny_model import model, stoi, vocab

# %%
import torch
from torch import nn

sentences = ["<bos> the cat sat on the", "<bos> a dog ran to a"]
ids = torch.tensor([[stoi[w] for w in sentence.split()] for sentence in sentences])
B, n = ids.shape


def show(stage: str, t: torch.Tensor, names: str) -> None:
    print(f"{stage:24} {str(tuple(t.shape)):12} {names}")


show("token ids", ids, "(B, n)")

with torch.no_grad():
    x = model.embed(ids) + model.pos(torch.arange(n))
    show("embeddings", x, "(B, n, d_model)")
    mask = nn.Transformer.generate_square_subsequent_mask(n)
    for i, block in enumerate(model.blocks):
        x = block(x, src_mask=mask, is_causal=True)
        show(f"after block {i}", x, "(B, n, d_model)")
    logits = model.head(model.norm(x))
    show("logits", logits, "(B, n, vocab_size)")
    # Only the last position predicts the word after the sentence.
    probs = logits[:, -1].softmax(dim=-1)
    show("next-word probabilities", probs, "(B, vocab_size)")

same = torch.allclose(logits, model(ids), atol=1e-6)
print("stage by stage = model(ids):", same)
print("each row of probabilities sums to", probs.sum(dim=-1))
for sentence, p in zip(sentences, probs, strict=True):
    top = p.topk(3)
    guesses = ", ".join(f"{vocab[i]!r} {prob:.2f}"
                        for prob, i in zip(*top, strict=True))
    print(f"{sentence!r}: {guesses}")
