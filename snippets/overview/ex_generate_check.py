"""Check: the same text as the page's loop, and a batch decodes like its rows alone."""

from snippets.overview.ex_generate_solution import generate
from snippets.overview.generate import ids
from snippets.overview.tiny_model import model, stoi, vocab

# %%
import torch

prompt = torch.tensor([[stoi["<bos>"], stoi["the"], stoi["cat"]]])  # (1, 3)
out = generate(model, prompt, 5)
assert tuple(out.shape) == (1, 8), f"expected shape (1, 8), got {tuple(out.shape)}"
assert prompt.shape == (1, 3), "generate must not change the prompt tensor"
assert torch.equal(out, ids), (
    "expected the text the page's loop printed: "
    f"{' '.join(vocab[i] for i in ids[0])!r}, got "
    f"{' '.join(vocab[i] for i in out[0])!r}")
batch = torch.tensor([[stoi["<bos>"], stoi["the"], stoi["cat"]],
                      [stoi["<bos>"], stoi["a"], stoi["dog"]]])      # (2, 3)
both = generate(model, batch, 4)
for row in range(2):
    alone = generate(model, batch[row : row + 1], 4)
    assert torch.equal(both[row], alone[0]), (
        f"row {row} of the batch decodes differently from the same prompt alone")
print("✓ same text as the loop above:", " ".join(vocab[i] for i in out[0]))
