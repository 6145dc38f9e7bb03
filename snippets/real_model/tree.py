"""Print the whole model: PyTorch folds identical layers into one line."""

# ruff: noqa: I001 - the prelude's imports come before the shown part's

from snippets.real_model.load import model

# %%
print(model)
