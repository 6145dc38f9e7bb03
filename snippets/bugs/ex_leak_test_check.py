"""Check: the test passes torch's causal attention and flags both leaky masks."""

from snippets.bugs.ex_leak_test_solution import leaks_future

# %%
import torch
import torch.nn.functional as F


def sdpa(mask=None, is_causal=False):
    """Self-attention of X with itself through torch's own function."""
    return lambda X: F.scaled_dot_product_attention(X, X, X, attn_mask=mask,
                                                    is_causal=is_causal)


n = 6
ones = torch.ones(n, n, dtype=torch.bool)
cases = {                                # attention -> does it leak?
    "is_causal=True (correct)": (sdpa(is_causal=True), False),
    "tril mask (correct)": (sdpa(ones.tril()), False),
    "no mask": (sdpa(), True),
    "triu mask (wrong triangle)": (sdpa(ones.triu()), True),
}
for name, (attend, leaks) in cases.items():
    verdict = leaks_future(attend, n=n)
    assert verdict == leaks, (
        f"{name}: leaks_future says {verdict}, but it {'does' if leaks else 'does not'}"
        " let a token see later tokens")
print(f"✓ your test tells the {len(cases)} attentions apart:"
      " 2 causal ones pass, both leaks are caught")
