"""Temperature, top-k and top-p together: the distribution generate() samples from."""

from snippets.output_head.temperature import entropy_bits
from snippets.output_head.top5 import tokenizer, z

# %%
import pandas as pd
from transformers import (
    LogitsProcessorList,
    TemperatureLogitsWarper,
    TopKLogitsWarper,
    TopPLogitsWarper,
)


def sample_distribution(z, T, top_k, top_p):
    """What generate(do_sample=True, temperature=T, top_k=top_k, top_p=top_p)
    samples from, for the logits z (vocab,): its own warpers, in its order.
    In float64, as the page's widget counts."""
    warpers = LogitsProcessorList([
        TemperatureLogitsWarper(T),     # z / T
        TopKLogitsWarper(top_k),        # -inf below the k-th largest logit
        TopPLogitsWarper(top_p),        # -inf outside the nucleus of mass top_p
    ])
    scores = warpers(None, z.double()[None])[0]     # (vocab,), -inf where cut
    return scores.softmax(dim=-1)                   # (vocab,), 0 where cut


T, top_k, top_p = 1.0, 50, 0.9
p_sampled = sample_distribution(z, T, top_k, top_p)  # (vocab,) what is sampled from
p_T = (z.double() / T).softmax(dim=-1)               # (vocab,) temperature alone
survivors = p_sampled.nonzero()[:, 0]                # token ids, likeliest first
survivors = survivors[p_sampled[survivors].argsort(descending=True)]
print(f"T = {T:.2f}, top-k {top_k}, top-p {top_p:.2f}:"
      f" {len(survivors)} tokens survive, entropy {entropy_bits(p_sampled):.2f} bits")
print(f"before the cut they held {p_T[survivors].sum():.3f} of the probability")
pd.DataFrame({
    "token": [repr(tokenizer.decode(i)) for i in survivors],
    "p at T": p_T[survivors].tolist(),
    "p sampled": p_sampled[survivors].tolist(),
}).set_index("token").round(3)
