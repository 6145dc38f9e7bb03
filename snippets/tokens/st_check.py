"""Our mean pooling is exactly what the sentence-transformers library computes."""

from snippets.tokens.sentence_heatmap import sentence_vecs, texts

# %%
import torch
from sentence_transformers import SentenceTransformer

# The same model, loaded by the library it was published for:
st = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2", device="cpu")
reference = st.encode(texts, convert_to_tensor=True)   # (6, 384), normalized
print("shape:", tuple(reference.shape))
diff = (sentence_vecs - reference).abs().max()
print(f"max |ours - sentence-transformers| = {diff:.1e}")
print("allclose:", torch.allclose(sentence_vecs, reference, atol=1e-5))
