"""After the encoder, the same token gets a different vector in each sentence."""

from snippets.tokens.load import model, tokenizer

# %%
import pandas as pd
import torch
import torch.nn.functional as F

sentences = {"money 1": "I deposited cash at the bank.",
             "money 2": "She withdrew money from the bank.",
             "river 1": "We had a picnic on the river bank.",
             "river 2": "The boat drifted toward the grassy bank."}


def vectors_of(word: str, sentence: str) -> tuple[torch.Tensor, torch.Tensor]:
    """Vector of `word` in `sentence` before (lookup) and after the layers."""
    batch = tokenizer(sentence, return_tensors="pt")
    tokens = tokenizer.convert_ids_to_tokens(batch["input_ids"][0])
    i = tokens.index(word)
    with torch.no_grad():
        X = model(**batch).last_hidden_state            # (1, n, d_model)
        lookup = model.embeddings.word_embeddings(batch["input_ids"])
    return lookup[0, i], X[0, i]


pairs = [vectors_of("bank", s) for s in sentences.values()]
lookup, ctx = zip(*pairs, strict=True)
print("lookup vectors of 'bank' identical in all four:",
      all(torch.equal(lookup[0], row) for row in lookup))

C = F.normalize(torch.stack(ctx), dim=-1)        # (4, d_model), unit length
names = list(sentences)
cos = pd.DataFrame((C @ C.T).numpy(), index=names, columns=names)
print("cosine similarity of the contextual vectors of 'bank':")
print(cos.round(3))
