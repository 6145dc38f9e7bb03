"""Check: torch's own Categorical entropy at your T is half of the one at T = 1."""

from snippets.output_head.ex_half_entropy_solution import half_entropy_temperature
from snippets.output_head.top5 import z

# %%
import math

from torch.distributions import Categorical


def bits(T):
    """Entropy of softmax(z / T) in bits, computed by torch.distributions."""
    return Categorical(logits=z / T).entropy().item() / math.log(2)


T = half_entropy_temperature(z)
assert 0 < T < 1, f"halving the entropy needs a temperature below 1, got {T}"
ratio = bits(T) / bits(1.0)
assert abs(ratio - 0.5) < 0.005, f"at T = {T:.3f} the entropy is {ratio:.3f} of T = 1's"
print(f"✓ T = {T:.3f}: {bits(T):.2f} bits, half of {bits(1.0):.2f} bits at T = 1"
      " (torch.distributions.Categorical)")
