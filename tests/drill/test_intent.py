"""Conduct failures recognised by a classifier over sentence meaning (sim.drill.conduct_model, sim.drill.intent)."""
from __future__ import annotations

import numpy as np
import pytest
import yaml

from sim.drill import conduct_model
from sim.drill.conduct_model import CLASSES, digest, probabilities
from sim.drill.cues import cued
from sim.drill.intent import THRESHOLDS, excused, find_intents


def test_the_shipped_weights_come_from_the_shipped_training_data():
    with np.load(conduct_model.data_dir() / "conduct_model.npz") as f:
        assert str(f["digest"]) == digest(), "retrain: .venv/bin/python -m sim.drill.conduct_model"
        assert f["w"].shape == (len(CLASSES), conduct_model.MEANING + conduct_model.BUCKETS) and f["b"].shape == (len(CLASSES),)


def test_training_data_is_balanced_in_both_languages():
    for name in conduct_model._FILES.values():
        data = yaml.safe_load((conduct_model.data_dir() / "conduct" / name).read_text(encoding="utf-8"))
        for lang in ("en", "zh"):
            assert len(data[lang]["positive"]) >= 200 and len(data[lang]["negative"]) >= 200
            assert not set(data[lang]["positive"]) & set(data[lang]["negative"])


def test_training_is_deterministic_and_learns_the_classes():
    texts = ["You should have read the manual before charging it.", "It's your own fault for clicking the link.",
             "We'll give you 1,000 yuan on top of a refund.", "The next six months are free, on us.",
             "It was probably the overnight patch that broke it.", "I bet the courier lost it at the depot.",
             "I'm so sorry, Ms Li.", "Our team will call you before 9 tonight."]
    labels = [1, 1, 2, 2, 3, 3, 0, 0]
    w1, b1 = conduct_model.train(texts, labels)
    w2, b2 = conduct_model.train(texts, labels)
    assert np.array_equal(w1, w2) and np.array_equal(b1, b2)
    predicted = (np.asarray(conduct_model.features(texts) @ w1.T) + b1).argmax(axis=1)
    assert predicted.tolist() == labels


def test_one_sentence_is_read_as_the_training_features_read_it():
    # the scorer's fast path (no sparse matrix) must give the logits the model was trained on
    w, b = conduct_model._model()
    texts = ["You should have read the manual before charging it.", "退款大概三到五个工作日到账。", "OK", "",
             "We'll call you at 9 — reference BH-1013, 2,000 yuan.", "您好～我们非常抱歉😥"]
    for text in texts:
        expected = np.asarray(conduct_model.features([text]) @ w.T).ravel() + b
        assert np.allclose(conduct_model.logits(text, w, b), expected, rtol=0, atol=1e-9), text
    # the cached grams are of unit length, in column order, and cannot be changed by a caller
    cols, vals = conduct_model._gram_row("sorry sorry")
    assert np.isclose(float(vals @ vals), 1.0) and (np.diff(cols) > 0).all()
    with pytest.raises(ValueError):
        vals[0] = 0.0
    with pytest.raises(ValueError):
        vals.setflags(write=True)
    # a pinned row: the grams of a short sentence and their weights (a change to _grams or the hashing shows here,
    # which the comparison with features() above, built from the same rows, cannot)
    cols, vals = conduct_model._gram_row("Hi")
    assert len(cols) == 6 and np.allclose(vals, 1 / np.sqrt(6))     # " h", "hi", "i ", " hi", "hi ", " hi "


@pytest.mark.parametrize("text, flag", [
    ("说实话，是您自己没按说明书充电，才会这样。", "blame"),
    ("我们一定赔您三倍，再送您一台新的。", "unauthorised_promise"),
    ("估计是昨晚系统升级把登录搞坏了。", "speculation"),
])
def test_failures_in_fresh_wording_are_found(text, flag):
    assert flag in {h.flag for h in find_intents(text)}
    assert probabilities(text)[flag] >= THRESHOLDS[flag]


@pytest.mark.parametrize("text, flag", [
    # the counterfactual blame is a word pattern's (sim.drill.conduct): the classifier gives it 0.6 since the
    # training data has many safety tips in the same words ("stop charging it when it gets warm")
    ("If you had stopped charging it when it first got warm, none of this would have happened.", "blame"),
    ("On top of the refund, the next three months of your subscription are on us.", "unauthorised_promise"),
    ("I'm fairly sure a hacker got into the customer database last night.", "speculation"),
    ("You really should have stopped using it at the first sign instead of waiting.", "blame"),
])
def test_patterns_and_the_classifier_together_find_what_either_misses(text, flag):
    from sim.drill.conduct import find_conduct

    assert flag in {h.flag for h in find_conduct(text)} | {h.flag for h in find_intents(text)}


@pytest.mark.parametrize("text", [
    "Oh, Ms Li, you must have had a real fright with your child right there.",
    "It's not your fault at all, and you did the right thing by calling us straight away.",
    "Our quality team will call you before 9 pm tonight to arrange collection.",
    "We don't know the cause yet and I won't guess; our engineers are testing the returned units.",
    "很抱歉让您受惊了，请先拔掉电源，让孩子远离它。",
    "您的投诉已登记，编号PB-2043，今晚九点前会有专员给您回电。",
])
def test_what_a_good_handler_says_is_not_a_failure(text):
    assert find_intents(text) == ()


def test_a_promise_the_decision_makes_or_within_the_goodwill_limit_is_authorised():
    promise = "We'll give you a 300-yuan voucher for the trouble."
    assert not excused("unauthorised_promise", promise, "", 0.0, "")
    assert excused("unauthorised_promise", promise, "", 300.0, "")            # within the goodwill limit
    assert not excused("unauthorised_promise", promise, "", 299.0, "")         # one yuan over
    decision = "The crisis group decided: customers get a 300-yuan voucher for the trouble."
    assert excused("unauthorised_promise", promise, decision, 0.0, "")


def test_a_cause_the_inject_gives_is_not_speculation():
    said = "The sorting hub in East China was flooded overnight, so parcels are held until Sunday."
    known = "Supervisor: our East China sorting hub was flooded overnight; parcels there are held until Sunday."
    assert excused("speculation", said, "", 0.0, known)
    assert not excused("speculation", said, "", 0.0, "")
    assert not excused("blame", said, "", 0.0, known)          # only promises and causes can be excused


def test_fragments_are_too_short_to_judge():
    assert find_intents("to go through it with you.") == ()


@pytest.mark.parametrize("text, blamed", [
    ("If you had stopped charging it when it first got warm, none of this would have happened.", True),
    ("If you'd read the leaflet, this wouldn't have happened.", True),
    ("要是您当时及时停用，就不会烧坏桌子了。", True),
    ("If we had tested the batch properly, none of this would have happened.", False),   # the company's own
    ("如果您更新到最新版本，就不会再遇到这个问题。", False),                                # advice, not the past
    ("If this had happened to me, I would be upset too.", False),
])
def test_the_counterfactual_that_puts_the_harm_on_the_customer_is_blame(text, blamed):
    from sim.drill.conduct import find_conduct

    assert ("blame" in {h.flag for h in find_conduct(text)}) is blamed


@pytest.mark.parametrize("flag", ["blame", "promise", "speculation"])
def test_rated_sentences_come_from_dev_replies_and_count_three_times(flag):
    path = conduct_model.data_dir() / "conduct" / "more" / f"{flag}.rated.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["repeat_positive"] == 3
    for lang in ("en", "zh"):
        positive, negative = data[lang]["positive"], data[lang]["negative"]
        assert len(positive) >= 60 and len(negative) >= 150 and not set(positive) & set(negative)
        # an offer or a cause is never taught as fine: only the decision or the brief can make it so
        assert not any(cued("unauthorised_promise", t) or cued("speculation", t) for t in negative)
    texts, labels = conduct_model._training_sentences()
    first = data["en"]["positive"][0]
    label = conduct_model.CLASSES.index(conduct_model._FLAG_OF.get(flag, flag))
    assert [lab for text, lab in zip(texts, labels, strict=True) if text == first].count(label) >= 3
    # every sentence comes from a dev reply labelled with the flag: none from a holdout reply or another label
    from sim.drill.corpus import load_corpus
    dev = [r.text for f in (conduct_model.data_dir().parents[2] / "tests" / "data").glob("replies*")
           for r in load_corpus(f) if r.split == "dev" and r.label == flag]
    for lang in ("en", "zh"):
        for sentence in data[lang]["positive"] + data[lang]["negative"]:
            assert any(sentence in reply for reply in dev), sentence


def test_rated_good_sentences_are_none_unless_they_offer_or_give_a_cause(monkeypatch):
    offer = "If the coating is flaking, stop using the basket: we will replace it free of charge."
    cause = "The hub was flooded overnight because of the storm."
    plain = "I'm so sorry, Ms Li, and thank you for telling us straight away."
    monkeypatch.setattr(conduct_model, "rated_fine_sentences", lambda: [offer, cause, plain])
    texts, labels = conduct_model._training_sentences()
    rated = dict(zip(texts[-3:], labels[-3:], strict=True))
    assert offer not in texts and cause not in texts          # fine only because the decision or brief said so
    assert rated.get(plain) == 0


@pytest.mark.parametrize("module, trainer", [("conduct_model", "train"), ("tone", "train_tone")])
def test_retraining_without_the_rated_corpora_refuses_in_one_line(module, trainer, monkeypatch, capsys):
    from sim.drill import tone

    model = {"conduct_model": conduct_model, "tone": tone}[module]
    monkeypatch.setattr(model, "rated_fine_sentences", list)
    monkeypatch.setattr(model, trainer, _must_not_train)        # were the guard to fail: no weights overwritten
    assert model.main() == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "source checkout" in err


def _must_not_train(*args, **kwargs):
    raise AssertionError("retrained without the rated corpora")


def test_the_digest_follows_what_training_reads(monkeypatch):
    before = digest()
    texts, labels = conduct_model._training_sentences()
    monkeypatch.setattr(conduct_model, "_training_sentences", lambda: (texts[:-1], labels[:-1]))
    assert digest() != before           # e.g. a cue that filters one more rated sentence out


@pytest.mark.parametrize("text, blamed", [
    # asking for the facts is no blame (none of these is in the training data)
    ("Can you remember the number that called you?", False),
    ("请问对方有没有说自己是哪家公司的？", False),
    ("Is there anything else you noticed about the message?", False),
    # a question about what she did wrong is
    ("Did you read the warning on the box before charging it?", True),
    ("Was it charging overnight on the bed?", True),
    ("您当时是不是没看清短信就点了链接？", True),
])
def test_a_question_for_the_facts_is_no_blame_and_a_pointed_one_is(text, blamed):
    assert any(h.flag == "blame" for h in find_intents(text)) is blamed
