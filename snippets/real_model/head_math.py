"""Why q_proj is 1024 -> 2048 and k_proj 1024 -> 1024: heads times head size."""

from snippets.real_model.load import config
from snippets.real_model.self_attn import attn

# %%
from IPython.display import display


class Math:
    """Markdown with math that Jupyter, Colab and the page typeset (IPython's
    `_repr_markdown_`); plain `python` prints its text form instead."""

    def __init__(self, markdown: str, text: str) -> None:
        self.markdown, self.text = markdown, text

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return self.text


d_model = config.hidden_size          # width of the vectors between layers
n_h = config.num_attention_heads      # query heads
n_kv = config.num_key_value_heads     # key/value heads (GQA: fewer than n_h)
d_k = config.head_dim                 # size of one head (its own setting)

rows = [("W_q", attn.q_proj, n_h),        # (name, module, heads it makes)
        ("W_k", attn.k_proj, n_kv),
        ("W_v", attn.v_proj, n_kv)]
lines, text = [], []
for W, proj, heads in rows:
    assert proj.out_features == heads * d_k      # the printed module agrees
    out = proj.out_features
    lines.append(rf"{W} &: {d_model} \to {heads} \times {d_k} = {out} \\")
    text.append(f"{W}: {d_model} -> {heads} x {d_k} = {out}")
o_in, o_out = attn.o_proj.in_features, attn.o_proj.out_features
lines.append(rf"W_o &: {n_h} \times {d_k} = {o_in} \to {o_out}")
text.append(f"W_o: {n_h} x {d_k} = {o_in} -> {o_out}")
text.append(f"d_model / n_h = {d_model // n_h}, but d_k = {d_k}: all queries "
            f"together are {n_h * d_k // d_model}x as wide as d_model. Each key/value "
            f"head serves n_h / n_kv = {n_h // n_kv} query heads.")
display(Math(
    "$$\n\\begin{aligned}\n" + "\n".join(lines) + "\n\\end{aligned}\n$$\n\n"
    rf"$d_\text{{model}} / n_h = {d_model // n_h}$, "
    rf"but $d_k = {d_k}$: "
    rf"all queries together are {n_h * d_k // d_model}$\times$ as wide as "
    rf"$d_\text{{model}}$. Each key/value head serves "
    rf"$n_h / n_\text{{kv}} = {n_h // n_kv}$ query heads.", "\n".join(text)))
