"""A count-based language model: p(next word | previous word) from bigram counts."""

# %%
from collections import Counter, defaultdict

corpus = """the cat sat on the mat . the dog sat on the rug .
the cat saw the dog . the dog saw the cat on the mat .
a cat ran . the dog ran to the cat ."""
tokens = corpus.split()
vocab = sorted(set(tokens))
vocab_size = len(vocab)

# counts[prev][next] = how often `next` follows `prev` in the corpus
counts: dict[str, Counter] = defaultdict(Counter)
for prev, nxt in zip(tokens[:-1], tokens[1:], strict=True):
    counts[prev][nxt] += 1


def p_next(prev: str) -> dict[str, float]:
    """p(next | prev) = count(prev, next) / count(prev, anything)."""
    total = sum(counts[prev].values())
    return {w: c / total for w, c in counts[prev].most_common()}


print(f"{len(tokens)} tokens, vocab_size = {vocab_size}")
for w, p in p_next("the").items():
    print(f"p({w!r:6} | 'the') = {p:.3f}")
# A pair the corpus never shows gets probability 0, however sensible it is:
print("p('dog' | 'a') =", p_next("a").get("dog", 0.0))
