"""Check: the same pieces as MiniLM's tokenizer, and the ids decode to the word."""

from snippets.tokens.ex_wordpiece_solution import wordpiece
from snippets.tokens.load import tokenizer

# %%
words = ["cat", "tokenization", "unbelievably", "chatgpt", "huggingface",
         "antidisestablishmentarianism", "☃"]
for word in words:
    ours, theirs = wordpiece(word, tokenizer.vocab), tokenizer.tokenize(word)
    assert ours == theirs, f"{word!r}: the tokenizer gives {theirs}, you gave {ours}"
    ids = tokenizer.convert_tokens_to_ids(ours)      # pieces -> rows of E
    back = tokenizer.decode(ids)
    assert back == word or ours == ["[UNK]"], f"{word!r}: ids {ids} decode to {back!r}"
print("✓ same pieces as tokenizer.tokenize for", len(words), "words, e.g.",
      wordpiece("huggingface", tokenizer.vocab))
