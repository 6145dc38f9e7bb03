"""Exercise: WordPiece by hand, the longest piece of the vocabulary first."""

# %%


def wordpiece(word: str, vocab: dict[str, int]) -> list[str]:
    """Split one lowercase word the way BERT's tokenizer does: from the start of
    what is left, take the longest piece that is in `vocab` (a piece that does not
    start the word is looked up with "##" in front), then go on after it.
    If at some point no piece fits, the whole word is ["[UNK]"]."""
    raise NotImplementedError("your code here")
