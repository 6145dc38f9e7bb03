"""Count tables explode: possible contexts |V|^(n-1) against contexts actually seen."""

from snippets.history.bigram import tokens, vocab_size

# %%
import pandas as pd

rows = []
for n in range(1, 6):          # an n-gram model looks at the n-1 previous words
    seen = {tuple(tokens[i - n + 1 : i]) for i in range(n - 1, len(tokens))}
    rows.append({
        "n": n,
        "possible contexts |V|^(n-1)": vocab_size ** (n - 1),
        "contexts seen": len(seen),
        "share seen": f"{len(seen) / vocab_size ** (n - 1):.2%}",
        "|V| = 50,000: |V|^(n-1)": f"{50_000 ** (n - 1):.1e}",
    })
pd.DataFrame(rows).set_index("n")
