"""Check: smoothed rows sum to 1, keep the order of the counts, miss no pair."""

from snippets.history.bigram import counts, p_next, vocab, vocab_size
from snippets.history.ex_smoothing_solution import p_smooth

# %%
for prev in vocab:
    total = sum(p_smooth(prev, w) for w in vocab)
    assert abs(total - 1) < 1e-9, (
        f"p(. | {prev!r}) should sum to 1 over the vocabulary, got {total:.4f}")
unseen = p_smooth("a", "dog")
n_a = sum(counts["a"].values())  # how often 'a' is followed by anything
assert unseen > 0, "a pair the corpus never shows must now get a probability above 0"
assert abs(unseen - 1 / (n_a + vocab_size)) < 1e-12, (
    f"an unseen pair after 'a' should get 1 / ({n_a} + {vocab_size}), got {unseen:.4f}")
seen = p_next("the")  # the unsmoothed probabilities printed above
ranked = sorted(seen, key=lambda w: p_smooth("the", w), reverse=True)
assert ranked == list(seen), "smoothing should keep the order of the counts"
assert all(p_smooth("the", w) < p for w, p in seen.items()), (
    "smoothing takes a little probability from every seen pair")
print(f"✓ every row sums to 1; p('dog' | 'a') = {unseen:.3f} instead of 0")
