"""Why q_proj is 1024 -> 2048 and k_proj 1024 -> 1024: heads times head size."""

from snippets.real_model.load import config
from snippets.real_model.self_attn import attn

# %%
from IPython.display import Markdown, display

d_model = config.hidden_size          # width of the vectors between layers
n_h = config.num_attention_heads      # query heads
n_kv = config.num_key_value_heads     # key/value heads (GQA: fewer than n_h)
d_k = config.head_dim                 # size of one head (its own setting)

rows = [("W_q", attn.q_proj, n_h),        # (name, module, heads it makes)
        ("W_k", attn.k_proj, n_kv),
        ("W_v", attn.v_proj, n_kv)]
lines = []
for W, proj, heads in rows:
    assert proj.out_features == heads * d_k      # the printed module agrees
    out = proj.out_features
    lines.append(rf"{W} &: {d_model} \to {heads} \times {d_k} = {out} \\")
lines.append(rf"W_o &: {n_h} \times {d_k} = {attn.o_proj.in_features} \to "
             rf"{attn.o_proj.out_features}")
display(Markdown(                                # rendered math, not LaTeX source
    "$$\n\\begin{aligned}\n" + "\n".join(lines) + "\n\\end{aligned}\n$$\n\n"
    rf"$d_\text{{model}} / n_h = {d_model // n_h}$, "
    rf"but $d_k = {d_k}$: "
    rf"all queries together are {n_h * d_k // d_model}$\times$ as wide as "
    rf"$d_\text{{model}}$. Each key/value head serves "
    rf"$n_h / n_{{kv}} = {n_h // n_kv}$ query heads."))
