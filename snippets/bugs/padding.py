"""Bug 5: no padding mask: padding changes the outputs of the real tokens."""

# %%
import torch
from transformers import AutoModel, AutoTokenizer

name = "sentence-transformers/all-MiniLM-L6-v2"       # a small BERT encoder
tokenizer = AutoTokenizer.from_pretrained(name)
model = AutoModel.from_pretrained(name)
short = "I loved this film."
batch = tokenizer([short, "The plot was slow, but the ending made up for it."],
                  padding=True, return_tensors="pt")  # short one padded with [PAD]
alone = tokenizer(short, return_tensors="pt")
n_real = alone["input_ids"].shape[1]                  # tokens of the short one
print("short sentence in the batch:",
      tokenizer.convert_ids_to_tokens(batch["input_ids"][0]))

with torch.no_grad():
    h_alone = model(**alone).last_hidden_state[0]                  # (n_real, d)
    # BUG: input_ids only; the model attends to the [PAD] tokens too
    h_wrong = model(input_ids=batch["input_ids"]).last_hidden_state[0, :n_real]
    h_fixed = model(**batch).last_hidden_state[0, :n_real]  # + attention_mask
print(f"wrong: no attention_mask, max |batched - alone| = "
      f"{(h_wrong - h_alone).abs().max():.2f}")
print("fixed: with attention_mask, batched == alone (to 1e-5):",
      torch.allclose(h_fixed, h_alone, atol=1e-5))
