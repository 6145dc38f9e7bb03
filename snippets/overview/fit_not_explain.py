"""A good fit is not an explanation: a cosine bump fits a bell curve, then strays."""

# %%
import math

import torch

# The data: how often a value turns up when values are normally distributed
x_data = torch.linspace(-3, 3, 61)                       # where we have data
y_data = torch.exp(-x_data**2 / 2) / math.sqrt(2 * math.pi)


def fit_cosine(b):
    """Best a, c for y = a cos(b x) + c by least squares, and its worst error."""
    columns = torch.stack([torch.cos(b * x_data), torch.ones_like(x_data)], dim=1)
    a, c = torch.linalg.lstsq(columns, y_data[:, None]).solution.flatten().tolist()
    error = (a * torch.cos(b * x_data) + c - y_data).abs().max().item()
    return a, c, error


b = min(torch.linspace(0.1, 2, 191).tolist(), key=lambda b: fit_cosine(b)[2])
a, c, fit_error = fit_cosine(b)
print(f"y = {a:.3f} cos({b:.2f} x) + {c:.3f}")
print(f"worst error where there is data: {fit_error:.3f} "
      f"(the curve peaks at {y_data.max():.3f})")

# Outside the data the two disagree: the cosine comes back, the bell does not
x_far = 2 * math.pi / b                                  # the cosine's next peak
y_far = math.exp(-x_far**2 / 2) / math.sqrt(2 * math.pi)
print(f"at x = {x_far:.1f}: cosine says {a * math.cos(b * x_far) + c:.3f}, "
      f"the normal distribution {y_far:.6f}")
