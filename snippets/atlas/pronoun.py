"""Which head sends "it" to "animal"? Search every layer and head of both models."""

from snippets.atlas.weights import atlas

# %%
heads = {}   # model -> (layer, head) where "it" looks most at "animal"
for name, ((tokens, A_tired), (_, A_wide)) in atlas.items():
    it, animal, street = (tokens.index(word) for word in ("it", "animal", "street"))
    to_animal = A_tired[:, :, it, animal]          # (layers, n_h): one weight per head
    layer, head = divmod(to_animal.argmax().item(), to_animal.shape[1])
    heads[name] = (layer, head)
    row = A_wide[layer, head, it]                  # the same head, "...too wide."
    print(f"{name}, layer {layer} head {head}: 'it' -> 'animal'"
          f" {to_animal[layer, head]:.2f} (tired), {row[animal]:.2f} (wide);"
          f" -> 'street' {row[street]:.2f} (wide)")
    # Row "it" of every head: does the last word change where "it" looks?
    change = (A_tired[:, :, it] - A_wide[:, :, it]).abs().max()
    print(f"  largest change in any head's row for 'it': {change:.3f}")
