"""Training: next-letter cross-entropy on the second half, AdamW."""

from snippets.learning.decoder import model
from snippets.learning.task import make_batch, vocab_size

# %%
import torch
import torch.nn.functional as F

optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
gen = torch.Generator().manual_seed(1)
steps, batch = 300, 32
losses = []
for step in range(steps):
    m = int(torch.randint(6, 17, (1,), generator=gen))   # 6 to 16 letters
    ids = make_batch(batch, m, gen)                      # (batch, 2m + 1)
    logits = model(ids[:, :-1])                          # position t predicts t+1
    # Only the second half is predictable: positions m+1 .. 2m-1
    loss = F.cross_entropy(logits[:, m + 1:].reshape(-1, vocab_size),
                           ids[:, m + 2:].reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
    if step % 50 == 0 or step == steps - 1:
        print(f"step {step:>3}  loss {loss.item():.3f}")
