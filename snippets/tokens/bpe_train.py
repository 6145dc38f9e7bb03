"""Train a byte-pair-encoding (BPE) tokenizer on a tiny text and read its merges."""

# %%
import json

from tokenizers import Tokenizer, models, pre_tokenizers, trainers

text = """the lower tower is lower than the lowest tower
the newest tower is newer than the new tower
a slower tower grows slowest and the lowest tower grows slower
towers lower and towers grow as newer towers show the newest low"""

bpe = Tokenizer(models.BPE(unk_token="[UNK]"))
bpe.pre_tokenizer = pre_tokenizers.Whitespace()   # merges never cross a space
trainer = trainers.BpeTrainer(
    vocab_size=60, special_tokens=["[UNK]"],
    min_frequency=2,                              # merge only pairs seen twice+
    show_progress=False)
bpe.train_from_iterator(text.splitlines(), trainer)

# Merges in the order they were learned: the most frequent pair first.
merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m)
          for m in json.loads(bpe.to_str())["model"]["merges"]]
alphabet = sorted({ch for ch in text if not ch.isspace()})
print(f"alphabet: {len(alphabet)} characters, {len(merges)} merges learned, "
      f"vocabulary {bpe.get_vocab_size()}")
for rank, (a, b) in enumerate(merges[:10], start=1):
    print(f"merge {rank:>2}: {a!r} + {b!r} -> {a + b!r}")
