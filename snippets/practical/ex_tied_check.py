"""Check: the count equals model.parameters(), which skips tied copies itself."""

from snippets.practical.ex_tied_solution import count_unique
from snippets.practical.load import encoder, model

# %%
for name, m in (("SmolLM2", model), ("MiniLM", encoder)):
    sd = m.state_dict()
    ours = count_unique(sd)
    theirs = sum(p.numel() for p in m.parameters())   # each Parameter once
    naive = sum(t.numel() for t in sd.values())
    assert ours == theirs, (
        f"{name}: you count {ours:,}, model.parameters() holds {theirs:,}"
        f" (adding up every entry gives {naive:,})")
    print(f"{name}: {ours:,} parameters; adding up the state_dict gives {naive:,}")
print("✓ tied weights counted once, as model.parameters() counts them")
