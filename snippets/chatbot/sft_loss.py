"""The instruction-tuning loss: next-token cross-entropy on the reply's tokens only."""

from snippets.chatbot.labels import input_ids, labels
from snippets.chatbot.load import model

# %%
import torch


def reply_logprob(model, input_ids, labels):
    """log p(reply | prompt): summed log-probabilities of the labelled tokens."""
    logits = model(input_ids).logits[:, :-1]     # (1, n-1, vocab): t predicts t+1
    targets = labels[:, 1:]                      # (1, n-1)
    trained = targets != -100
    logp = logits.log_softmax(dim=-1)
    token_logp = logp.gather(-1, targets.clamp(min=0)[..., None])[..., 0]  # (1, n-1)
    return token_logp[trained].sum(), int(trained.sum())


with torch.no_grad():
    sft_loss = model(input_ids, labels=labels).loss   # what a training step lowers
    logp_reply, n_trained = reply_logprob(model, input_ids, labels)
print(f"model(input_ids, labels=labels).loss = {sft_loss:.4f}")
print(f"-log p(reply) / {n_trained} tokens    = {-logp_reply / n_trained:.4f}")
