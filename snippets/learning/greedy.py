"""Greedy decoding: feed back the likeliest character, one at a time."""

from snippets.learning.dates import (
    in_words,
    src_test,
    test_dates,
    test_styles,
    tgt_test,
    tgt_vocab,
)
from snippets.learning.train_seq2seq import translator

# %%
import pandas as pd
import torch


@torch.no_grad()
def translate(src, n_chars=11):                      # src: (B, 7) word ids
    memory = translator.encode(src)                  # encode once
    out = torch.full((len(src), 1), tgt_vocab.index("<s>"))
    for _ in range(n_chars):                         # 10 characters and </s>
        logits = translator.decode(out, memory)      # (B, n, 13)
        next_id = logits[:, -1].argmax(dim=-1, keepdim=True)
        out = torch.cat([out, next_id], dim=1)
    return out                                       # (B, 12)


out = translate(src_test)                            # 1,000 unseen dates
exact = (out == tgt_test).all(dim=1)                 # every character right
print(f"exact match on held-out dates: {exact.float().mean().item():.1%}")


def text(ids):
    return "".join(tgt_vocab[i] for i in ids[1:-1])  # drop <s> and </s>


picks = [i for order in (0, 1)                       # 3 of each word order
         for i in [j for j, s in enumerate(test_styles) if s == order][:3]]
examples = pd.DataFrame({
    "in words": [" ".join(in_words(test_dates[i], test_styles[i])) for i in picks],
    "model": [text(out[i]) for i in picks],
    "correct": [test_dates[i].isoformat() for i in picks],
})
examples
