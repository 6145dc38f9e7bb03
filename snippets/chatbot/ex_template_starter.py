"""Exercise: write SmolLM2's chat template yourself, in Jinja."""

# %%
# The template sees `messages` (a list of {"role", "content"} dicts) and
# `add_generation_prompt`. Jinja: {% for m in messages %}...{% endfor %},
# {% if ... %}...{% endif %}, {{ m['content'] }}; loop.first is True in the
# first round of a loop.
MY_TEMPLATE = "{# your template here #}"
