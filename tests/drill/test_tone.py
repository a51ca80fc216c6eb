"""Dismissive tone recognised by meaning (sim.drill.tone), and the cap it puts on a reply."""
from __future__ import annotations

import numpy as np
import pytest
import yaml

from sim.drill import tone
from sim.drill.intent import _BUCKETS, data_dir
from sim.drill.scoring import HEARD_TONE_CAP, TONE_CAP, score_reply
from sim.drill.sentences import units
from sim.drill.validity import load_corpus

GOOD_ZH = ("李女士，真的很抱歉，让您和孩子受惊了。请马上拔掉电源、停止使用，放到孩子够不着的地方。"
           "我已登记为紧急工单，编号PB-2001，质量专员今晚9点前给您回电。")


def test_the_shipped_weights_come_from_the_shipped_training_data():
    with np.load(data_dir() / "tone_model.npz") as f:
        assert str(f["digest"]) == tone.digest(), "retrain: .venv/bin/python -m sim.drill.tone"
        assert f["w"].shape == (2, 512 + _BUCKETS) and f["b"].shape == (2,)


def test_the_tone_files_hold_both_sides_in_both_languages():
    for lang in ("en", "zh"):
        data = yaml.safe_load((data_dir() / "tone" / f"dismissive.{lang}.yaml").read_text(encoding="utf-8"))[lang]
        assert len(data["positive"]) >= 400 and len(data["negative"]) >= 600
        assert not set(data["positive"]) & set(data["negative"])


def test_rated_sentences_come_from_the_dev_split_only():
    rated = set(tone._rated_fine())
    folder = data_dir().parents[2] / "tests" / "data" / "replies_fresh"      # all holdout: never trained on
    unseen = {u.text for r in load_corpus(folder) if r.label == "good" for u in units(r.text) if u.sentence}
    dev = {u.text for f in (data_dir().parents[2] / "tests" / "data").glob("replies*") for r in load_corpus(f)
           if r.split == "dev" for u in units(r.text)}
    assert rated and unseen - dev and not (unseen - dev) & rated


# fresh sentences: none of them is in the training data (checked below)
DISMISSIVE = ["Look, I've got a queue of people, so let's wrap this up.",
              "Not sure what else you want me to say, to be honest.",
              "Well, if you'd rather shout at us than read the FAQ, that's your call.",
              "您这点事至于闹成这样吗？", "我也是打工的，您跟我急有什么用。", "這點小事，您就別再計較了吧。"]
FINE = ["I'm so sorry, Ms Li, that the charger got this hot.",
        "We can't refund the late fee today, but I've asked my supervisor and will tell you by Friday.",
        "I don't know the cause yet, and I won't guess; I'll update you at 6 pm.",
        "非常抱歉，让您担心了。", "原因还在查，我不想乱猜，明天中午前给您答复。", "這件事是我們做得不好，真的很抱歉。"]


def test_the_test_sentences_are_fresh():
    assert not set(DISMISSIVE + FINE) & set(tone._training_sentences()[0])


@pytest.mark.parametrize("sentence", DISMISSIVE)
def test_dismissive_sentences_in_fresh_wording_are_heard(sentence):
    assert tone.dismissive(sentence) >= tone.THRESHOLD
    assert [h.text for h in tone.find_tone(sentence)] == [sentence]


@pytest.mark.parametrize("sentence", FINE)
def test_a_good_handlers_sentences_are_not(sentence):
    assert tone.dismissive(sentence) < 0.5 and not tone.find_tone(sentence)


def test_the_threshold_is_inclusive(monkeypatch):
    for p, heard in ((tone.THRESHOLD, True), (tone.THRESHOLD - 0.001, False)):
        monkeypatch.setattr(tone, "dismissive", lambda s, p=p: p)
        tone.find_tone.cache_clear()
        assert bool(tone.find_tone("Fine, we'll look at it.")) is heard
    tone.find_tone.cache_clear()


def test_training_is_deterministic():
    texts = ["Whatever, it's only a parcel.", "Calm down, it's not the end of the world.",
             "I'm so sorry, Ms Li.", "Our team will call you before 9 tonight."]
    w1, b1 = tone.train(texts, [1, 1, 0, 0], classes=2)
    w2, b2 = tone.train(texts, [1, 1, 0, 0], classes=2)
    assert np.array_equal(w1, w2) and np.array_equal(b1, b2)


def _reply_li(flagship):
    inject = next(i for i in flagship.drill.injects if i.id == "first-call")
    return inject, next(p for p in inject.prompts if p.id == "reply-li")


def test_a_full_reply_with_a_dismissive_aside_scores_no_more_than_an_adequate_one(flagship):
    inject, prompt = _reply_li(flagship)
    assert score_reply(prompt, GOOD_ZH, flagship.plan, "zh", inject=inject).share == 1.0
    aside = "您这点事至于闹成这样吗？"
    scored = score_reply(prompt, GOOD_ZH + aside, flagship.plan, "zh", inject=inject)
    assert TONE_CAP < scored.share <= HEARD_TONE_CAP           # heard by the classifier only: the milder cap
    assert any(aside in f for f in scored.feedback)            # the feedback quotes the sentence


def test_a_pattern_keeps_its_harder_cap_over_the_classifier(flagship):
    inject, prompt = _reply_li(flagship)
    scored = score_reply(prompt, GOOD_ZH + "行了吧，就这样。", flagship.plan, "zh", inject=inject)
    assert scored.share <= TONE_CAP
