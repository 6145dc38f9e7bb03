"""Print the whole model: PyTorch folds identical layers into one line."""

from snippets.real_model.load import model

# %%
print(model)
