"""Claims made by the snippets of docs/classify.md (MiniLM embeddings + a trained head)."""

import re

import torch

from snippets.classify import bow, data, embed, evaluate, head, load, mistake


def test_data_is_balanced_and_held_out_reviews_are_new():
    assert len(data.train) == 64 and len(data.test) == 40
    assert sum(data.y_train) == 32 and sum(data.y_test) == 20
    assert not set(data.train_texts) & set(data.test_texts)
    assert data.counts.loc["positive", "train"] == 32
    for new_thing in ("speaker", "nurses", "flight", "vacuum"):  # named in the prose
        assert any(new_thing in t for t in data.test_texts)
        assert not any(new_thing in t for t in data.train_texts)


def test_encoder_is_minilm_and_sentence_vectors_have_length_1():
    assert load.encoder.config.hidden_size == 384
    assert embed.X_train.shape == (64, 384) and embed.X_test.shape == (40, 384)
    assert torch.allclose(embed.X_test.norm(dim=-1), torch.ones(40), atol=1e-5)


def test_head_has_770_weights_and_fits_the_training_set():
    assert sum(p.numel() for p in head.head.parameters()) == 384 * 2 + 2 == 770
    assert head.final_loss < 0.05  # "the training loss is already near 0"


def test_minilm_head_classifies_most_held_out_reviews_right():
    accuracy = evaluate.correct.float().mean().item()
    assert accuracy >= 0.75
    assert torch.allclose(evaluate.probs.sum(-1), torch.ones(40))
    assert not evaluate.predictions.loc[31, "right"]  # the mistake is among those shown


def test_a_joy_from_start_to_finish_lands_nearest_to_positive_film_reviews():
    i = data.test_texts.index("The film was a joy from start to finish.")
    nearest = (embed.X_train @ embed.X_test[i]).argsort(descending=True)[:3]
    assert all(data.y_train[j] == data.POSITIVE for j in nearest)
    assert any("film" in data.train_texts[j] for j in nearest)
    assert evaluate.correct[i]


def test_most_confident_mistake_is_a_negated_praise_near_mostly_positive_reviews():
    assert data.test_texts[mistake.worst] == "Nothing about the stay was good."
    assert data.y_test[mistake.worst] == data.NEGATIVE
    assert evaluate.probs[mistake.worst, 1] > 0.5
    near = mistake.neighbours
    assert (near["label"] == "positive").sum() == 3  # "three positive and two negative"
    assert 0.30 <= near["cosine"].min() and near["cosine"].max() <= 0.37  # as printed
    positive = near.loc[near["label"] == "positive", "cosine"]
    negative = near.loc[near["label"] == "negative", "cosine"]
    # "a negative one as close as the positive ones": between the positives' cosines
    assert any(positive.min() <= c <= positive.max() for c in negative)
    negations = re.compile(r"\b(not|nothing)\b", re.I)
    assert not any(negations.search(t) for t in data.train_texts)


def test_bag_of_words_is_near_a_coin_toss_and_minilm_does_much_better():
    bow_accuracy = bow.bow_correct.float().mean().item()
    minilm_accuracy = evaluate.correct.float().mean().item()
    assert 0.35 <= bow_accuracy <= 0.65
    assert minilm_accuracy - bow_accuracy >= 0.2
    assert bow.unknown > 0.4  # "many of their words never occur in the training set"


def test_bag_of_words_ignores_order_and_unknown_words():
    a, b = bow.bag_of_words(["the food was good", "good was the food zzz"])
    assert torch.equal(a, b)


def test_two_d_picture_shows_pca_and_the_head_s_direction_with_the_mistakes_ringed():
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from snippets.classify import pca_plot as plot

    left, right = plot.fig.axes
    y_train, y_test = np.array(data.y_train), np.array(data.y_test)
    # Points: 2 labels x (training, held out), then the rings, in each panel.
    for ax, seen_at, held_at in ((left, plot.P_train, plot.P_test), (right, None, None)):
        offsets = [c.get_offsets() for c in ax.collections]
        if seen_at is None:  # the head's margin on x, PCA's first direction on y
            seen_at = np.c_[plot.margin_train, plot.P_train[:, 0]]
            held_at = np.c_[plot.margin_test, plot.P_test[:, 0]]
        assert np.allclose(offsets[0], seen_at[y_train == 1])
        assert np.allclose(offsets[1], held_at[y_test == 1])
        assert np.allclose(offsets[2], seen_at[y_train == 0])
        assert np.allclose(offsets[3], held_at[y_test == 0])
        assert np.allclose(offsets[4], held_at[~evaluate.correct.numpy()])  # the rings
    # The margin is the head's logit difference; its sign is the prediction.
    with torch.no_grad():
        logits = head.head(embed.X_test)
    assert np.allclose(plot.margin_test, (logits[:, 1] - logits[:, 0]).numpy(), atol=1e-5)
    assert ((plot.margin_test > 0) == evaluate.predicted.numpy().astype(bool)).all()
    assert ((plot.margin_train > 0) == (y_train == 1)).all()  # every training review on its side
    assert len(offsets[4]) == (~evaluate.correct).sum() > 0
    # The page: in PCA's two directions the labels are mixed (a linear fit does poorly).
    fit = LogisticRegression().fit(plot.P_train, y_train)
    assert fit.score(plot.P_train, y_train) < 0.75
