"""A sentence becomes tokens, and tokens become ids: the real WordPiece tokenizer."""

# ruff: noqa: I001 - the prelude's imports come before the shown part's

from snippets.tokens.load import tokenizer

# %%
sentence = "Tokenizers split unbelievably rare words."
ids = tokenizer(sentence)["input_ids"]         # integers: what the model sees
tokens = tokenizer.convert_ids_to_tokens(ids)  # the vocabulary entries

for token, i in zip(tokens, ids, strict=True):
    print(f"{token:>12} -> {i:>5}")
print("decoded:", tokenizer.decode(ids, skip_special_tokens=True))
