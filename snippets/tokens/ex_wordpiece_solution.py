"""Solution: greedy longest match, shrinking the piece from the right."""

# %%


def wordpiece(word: str, vocab: dict[str, int]) -> list[str]:
    pieces, start = [], 0
    while start < len(word):
        for end in range(len(word), start, -1):           # longest piece first
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                break
        else:                                             # no piece fits
            return ["[UNK]"]
        pieces.append(piece)
        start = end
    return pieces
