"""Draw the sinusoidal encoding: fast waves in the first features, slow ones after."""

from snippets.positions.sinusoidal import sinusoidal

# %%
import matplotlib.pyplot as plt

PE_big = sinusoidal(64, d_model=64)          # (64 positions, 64 features)

fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(7.4, 3.8),
                               gridspec_kw={"width_ratios": [1, 1.3]})
im = ax0.imshow(PE_big, cmap="RdBu", vmin=-1, vmax=1, aspect="auto")
ax0.set_xlabel("feature index")
ax0.set_ylabel("position")
ax0.set_title("PE[pos, feature]")
fig.colorbar(im, ax=ax0, fraction=0.05)
colors = ["tab:blue", "#d95f02", "tab:green", "tab:purple"]   # 3:1 on both pages
for f, color in zip((0, 8, 16, 32), colors, strict=True):   # even features: sines
    ax1.plot(PE_big[:, f], label=f"feature {f}", color=color)
ax1.set_xlabel("position")
ax1.set_title("one column per curve: the wavelength grows")
ax1.legend(fontsize=9, loc="lower left")
fig.tight_layout()
plt.show()
