"""Solution: bisection on T, since the entropy grows with the temperature."""

from snippets.output_head.temperature import entropy_bits

# %%


def half_entropy_temperature(z) -> float:
    """Bisect T in [0.01, 1]: below T = 1 the entropy is below its T = 1 value."""
    target = entropy_bits(z.softmax(dim=-1)) / 2
    low, high = 0.01, 1.0
    while True:
        T = (low + high) / 2
        H = entropy_bits((z / T).softmax(dim=-1))
        if abs(H - target) < 1e-3 * target:
            return T
        low, high = (T, high) if H < target else (low, T)
