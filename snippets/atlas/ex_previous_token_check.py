"""Check: the scores equal a loop over the positions; print each model's best head."""

from snippets.atlas.ex_previous_token_solution import previous_token_scores
from snippets.atlas.weights import atlas

# %%
for name, ((_, A), _) in atlas.items():
    layers, n_h, n, _ = A.shape
    scores = previous_token_scores(A)
    assert tuple(scores.shape) == (layers, n_h), (
        f"{name}: expected one score per head, shape {(layers, n_h)},"
        f" got {tuple(scores.shape)}")
    # The same average, one query position at a time: A[..., i, i - 1] for i >= 1
    reference = sum(A[:, :, i, i - 1] for i in range(1, n)) / (n - 1)
    d = (scores - reference).abs().max().item()
    assert d < 1e-6, f"{name}: differs from the mean of A[l, h, i, i-1] by {d:.1e}"
    layer, head = divmod(scores.argmax().item(), n_h)
    print(f"{name}: layer {layer}, head {head} puts on average"
          f" {scores[layer, head]:.2f} of a row on the previous token")
print("✓ scores match the position-by-position mean for both models")
