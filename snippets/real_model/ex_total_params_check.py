"""Check: against the model built from the config, tied and untied."""

from snippets.real_model.ex_total_params_solution import total_params
from snippets.real_model.load import config, model

# %%
import torch
from transformers import AutoConfig, AutoModelForCausalLM

real = model.num_parameters()            # counts a shared tensor once
guess = total_params(config)
assert guess == real, (
    f"Qwen3-0.6B has {real:,} parameters, you counted {guess:,} (off by "
    f"{guess - real:,}; the table of 'Where the parameters are' has the parts)")
untied_config = AutoConfig.from_pretrained("Qwen/Qwen3-0.6B",
                                           tie_word_embeddings=False)
with torch.device("meta"):
    untied = AutoModelForCausalLM.from_config(untied_config)
assert total_params(untied_config) == untied.num_parameters(), (
    "with tie_word_embeddings=False the head is a matrix of its own: count it")
extra = untied.num_parameters() - real
print(f"✓ {real:,} parameters; an untied head would add {extra:,} "
      f"({extra / real:.0%})")
