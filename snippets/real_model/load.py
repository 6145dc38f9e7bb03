"""Build Qwen3-0.6B's exact architecture on the meta device: every shape, no weights."""

# %%
from snippets.models import config_of, meta_model

# With internet, the real weights load the same way:
#   model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen3-0.6B")
config = config_of("qwen3-0.6b")  # the values of Qwen3-0.6B's config.json
model = meta_model("qwen3-0.6b")  # Qwen3ForCausalLM built from that config

n_params = sum(p.numel() for p in model.parameters())
print(f"{type(model).__name__} with {n_params:,} parameters")
W = model.model.layers[0].self_attn.q_proj.weight
print("a weight:", tuple(W.shape), "on device", W.device,
      "- a shape without numbers")
