"""Every attention weight of both models, for two sentences that differ in one word."""

from snippets.atlas.load import dec_tokenizer, decoder, enc_tokenizer, encoder

# %%
import torch

# "it" is the animal if it was tired, the street if it was wide.
SENTENCES = [
    "The animal didn't cross the street because it was too tired.",
    "The animal didn't cross the street because it was too wide.",
]


@torch.inference_mode()
def attention_weights(model, tokenizer, sentence):
    """The tokens, and A: (layers, n_h, n, n), row i = how token i splits its
    attention over the n tokens (the keys)."""
    batch = tokenizer(sentence, return_tensors="pt")
    out = model(**batch, output_attentions=True)   # one (1, n_h, n, n) per layer
    ids = batch["input_ids"][0]
    # "Ġanimal" -> "animal": the tokenizer's own spelling, without its space marker
    tokens = [tokenizer.convert_tokens_to_string([t]).strip()
              for t in tokenizer.convert_ids_to_tokens(ids)]
    return tokens, torch.stack(out.attentions)[:, 0]


models = {"MiniLM": (encoder, enc_tokenizer), "SmolLM2": (decoder, dec_tokenizer)}
atlas = {name: [attention_weights(model, tokenizer, s) for s in SENTENCES]
         for name, (model, tokenizer) in models.items()}

for name, runs in atlas.items():
    tokens, A = runs[0]
    print(f"{name}: A {tuple(A.shape)}, {len(tokens)} tokens: {' | '.join(tokens)}")
    print("  every row sums to 1:",
          torch.allclose(A.sum(-1), torch.ones(A.shape[:-1]), atol=1e-5))
    # Above the diagonal: weight a token gives to tokens AFTER it.
    print(f"  largest weight on a later token: {A.triu(diagonal=1).max():.3f}")
