"""Tokenizing with BPE = start from characters, then apply the merges in order."""

# ruff: noqa: I001 - the prelude's imports come before the shown part's

from snippets.tokens.bpe_train import bpe, merges

# %%


def apply_merges(word: str, merges: list[tuple[str, str]]) -> list[str]:
    """Split a word into characters, then replay each merge where it fits."""
    pieces = list(word)
    for a, b in merges:
        i = 0
        while i < len(pieces) - 1:
            if pieces[i] == a and pieces[i + 1] == b:
                pieces[i:i + 2] = [a + b]     # glue the pair into one piece
            else:
                i += 1
    return pieces


for word in ["lowest", "slowest", "towers", "towering"]:
    print(f"{word:>8}")
    for k in (0, 5, 20, len(merges)):
        print(f"   after {k:>2} merges: {apply_merges(word, merges[:k])}")
    same = apply_merges(word, merges) == bpe.encode(word).tokens
    print(f"   same as the trained tokenizer: {same}")
