"""DPO's loss for one preference pair: a preferred and a rejected reply."""

from snippets.chatbot.assistant_mask import pair
from snippets.chatbot.labels import chat_labels
from snippets.chatbot.load import model
from snippets.chatbot.sft_loss import reply_logprob

# %%
import math

import torch
import torch.nn.functional as F

chosen = pair                                             # ends in "Paris."
rejected = pair[:-1] + [{"role": "assistant", "content": "Lyon."}]
with torch.no_grad():
    logp_chosen, _ = reply_logprob(model, *chat_labels(chosen))
    logp_rejected, _ = reply_logprob(model, *chat_labels(rejected))
print(f"log p(chosen)   = {logp_chosen:.2f}")
print(f"log p(rejected) = {logp_rejected:.2f}")

# DPO trains a policy against a frozen copy of the starting model, the reference.
# The loss looks only at how much the policy's margin (chosen minus rejected)
# has grown beyond the reference's: -log sigmoid(beta * growth).
beta = 0.1
ref_margin = logp_chosen - logp_rejected     # reference = the model before training
for growth in (0.0, 10.0, 50.0):
    policy_margin = ref_margin + growth
    dpo_loss = -F.logsigmoid(beta * (policy_margin - ref_margin))
    print(f"margin grown by {growth:>4}: DPO loss {dpo_loss:.4f}")
print(f"log 2 = {math.log(2):.4f}")
