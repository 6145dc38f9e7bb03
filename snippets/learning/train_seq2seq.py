"""Teacher forcing: the decoder reads the true characters, predicts each next one."""

from snippets.learning.dates import src_train, tgt_train, tgt_vocab
from snippets.learning.seq2seq import translator

# %%
import torch
import torch.nn.functional as F

optimizer = torch.optim.AdamW(translator.parameters(), lr=3e-3)
gen = torch.Generator().manual_seed(2)
steps, batch = 200, 64
seq2seq_losses = []
for step in range(steps):
    i = torch.randint(len(src_train), (batch,), generator=gen)
    src, tgt = src_train[i], tgt_train[i]            # (64, 7), (64, 12)
    logits = translator(src, tgt[:, :-1])            # read <s> 2 0 2 6 - ...
    loss = F.cross_entropy(logits.reshape(-1, len(tgt_vocab)),
                           tgt[:, 1:].reshape(-1))   # predict 2 0 2 6 - ... </s>
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    seq2seq_losses.append(loss.item())
    if step % 50 == 0 or step == steps - 1:
        print(f"step {step:>3}  loss {loss.item():.3f}")
