"""Common words are one token; rare words split into pieces marked with ##."""

# ruff: noqa: I001 - the prelude's imports come before the shown part's

from snippets.tokens.load import tokenizer

# %%
words = ["cat", "transformers", "tokenization", "embeddings", "chatgpt",
         "antidisestablishmentarianism"]
for word in words:
    pieces = tokenizer.tokenize(word)        # no [CLS]/[SEP]: just the word
    print(f"{word:>29}: {len(pieces)} token(s) {pieces}")
t = tokenizer
print("special tokens:", t.cls_token, t.sep_token, t.pad_token, t.unk_token,
      t.mask_token)
