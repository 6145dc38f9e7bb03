"""Exercise: does changing the last word change the earlier tokens' vectors?"""

# %%


def earlier_change(model, tokenizer, s1: str, s2: str) -> float:
    """Largest change, over the tokens BEFORE the first token where s1 and s2
    differ, of the model's last-layer vectors (hidden_states[-1]).

    Tokenize both sentences, find the first position first_diff where the
    ids differ, run the model on each with output_hidden_states=True, and
    return the largest absolute difference of hidden_states[-1][0, :first_diff]
    as a float.
    """
    raise NotImplementedError("your code here")
