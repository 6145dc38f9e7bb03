"""Common words are one token; rare words split into pieces marked with ##."""

# ruff: noqa: I001 - the prelude's imports come before the shown part's

from snippets.tokens.load import tokenizer

# %%
words = ["cat", "transformers", "tokenization", "embeddings", "chatgpt",
         "antidisestablishmentarianism"]
for word in words:
    pieces = tokenizer.tokenize(word)           # no [CLS]/[SEP]: just the word
    print(f"{word:>29}: {len(pieces)} token(s) {pieces}")
print("special tokens:", tokenizer.cls_token, tokenizer.sep_token, tokenizer.pad_token,
      tokenizer.unk_token, tokenizer.mask_token)
