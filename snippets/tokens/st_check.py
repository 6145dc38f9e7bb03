"""Our mean pooling is exactly what the sentence-transformers library computes."""

from snippets.tokens.sentence_heatmap import S, texts

# %%
import torch
from sentence_transformers import SentenceTransformer

# The same model, loaded by the library it was published for:
st = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2", device="cpu")
reference = st.encode(texts, convert_to_tensor=True)   # (6, 384), normalized
print("shape:", tuple(reference.shape))
print(f"max |ours - sentence-transformers| = {(S - reference).abs().max():.1e}")
print("allclose:", torch.allclose(S, reference, atol=1e-5))
