"""Dismissive tone recognised by meaning (sim.drill.tone), and the cap it puts on a reply."""
from __future__ import annotations

import numpy as np
import pytest
import yaml

from sim.drill import tone
from sim.drill.conduct_model import BUCKETS, data_dir
from sim.drill.corpus import load_corpus, rated_fine_sentences
from sim.drill.scoring import HEARD_TONE_CAP, TONE_CAP, score_reply
from sim.drill.sentences import units
from sim.i18n import t

GOOD_ZH = ("李女士，真的很抱歉，让您和孩子受惊了。请马上拔掉电源、停止使用，放到孩子够不着的地方。"
           "我已登记为紧急工单，编号PB-2001，质量专员今晚9点前给您回电。")


def test_the_shipped_weights_come_from_the_shipped_training_data():
    with np.load(data_dir() / "tone_model.npz") as f:
        assert str(f["digest"]) == tone.digest(), "retrain: .venv/bin/python -m sim.drill.tone"
        assert f["w"].shape == (2, 512 + BUCKETS) and f["b"].shape == (2,)


def test_the_tone_files_hold_both_sides_in_both_languages():
    for lang in ("en", "zh"):
        data = yaml.safe_load((data_dir() / "tone" / f"dismissive.{lang}.yaml").read_text(encoding="utf-8"))[lang]
        assert len(data["positive"]) >= 400 and len(data["negative"]) >= 600
        assert not set(data["positive"]) & set(data["negative"])


def test_rated_sentences_come_from_the_dev_split_only():
    rated = set(rated_fine_sentences())
    folder = data_dir().parents[2] / "tests" / "data" / "replies_fresh"      # all holdout: never trained on
    unseen = {u.text for r in load_corpus(folder) if r.label == "good" for u in units(r.text) if u.sentence}
    dev = {u.text for f in (data_dir().parents[2] / "tests" / "data").glob("replies*") for r in load_corpus(f)
           if r.split == "dev" for u in units(r.text)}
    assert rated and unseen - dev and not (unseen - dev) & rated


def test_rated_dismissive_sentences_come_from_dev_stuffed_replies_and_count_three_times():
    data = yaml.safe_load((data_dir() / "tone" / "dismissive.rated.yaml").read_text(encoding="utf-8"))
    assert data["repeat_positive"] == 3
    texts, labels = tone._training_sentences()
    for lang in ("en", "zh"):
        positive, negative = data[lang]["positive"], data[lang]["negative"]
        assert len(positive) >= 100 and len(negative) >= 100 and not set(positive) & set(negative)
        assert [lab for text, lab in zip(texts, labels, strict=True) if text == positive[0]] == [1, 1, 1]
        assert [lab for text, lab in zip(texts, labels, strict=True) if text == negative[0]] == [0]
    # every sentence is one of a dev reply labelled stuffed: none from a holdout reply
    folders = [f for f in (data_dir().parents[2] / "tests" / "data").glob("replies*") if "fresh" not in f.name]
    stuffed = {u.text for f in folders for r in load_corpus(f)
               if r.split == "dev" and r.label == "stuffed" for u in units(r.text) if u.sentence}
    for lang in ("en", "zh"):
        assert set(data[lang]["positive"] + data[lang]["negative"]) <= stuffed


# fresh sentences: none of them is in the training data (checked below), and none is a near paraphrase of a
# training sentence (each one's nearest training sentence has a meaning-vector cosine below 0.85 when chosen)
DISMISSIVE = ["Honestly, it's a fifteen-yuan fee, let's not make a drama of it.",
              "Not sure what else you want me to say, to be honest.",
              "Well, if you'd rather shout at us than read the FAQ, that's your call.",
              "您一个大人，跟一个充电宝较什么劲。", "我也是打工的，您跟我急有什么用。", "這點小事，您就別再計較了吧。"]
FINE = ["I'm so sorry, Ms Li, that the charger got this hot.",
        "We can't refund the late fee today, but I've asked my supervisor and will tell you by Friday.",
        "Nobody has told me the cause yet, so I'd rather not guess; you'll hear from me at 6 pm.",
        "让您和家人担惊受怕，是我们的失职。", "具体原因还没查清，我先不下结论，明天中午前一定给您回复。",
        "這件事是我們做得不好，真的很抱歉。"]
# owning up to what a colleague said quotes dismissive words without saying them
REPORTED = ["I'm sorry the agent replied “not my problem, call the courier” when you rang.",
            "您说客服回了一句“爱找谁找谁，别来烦我”，这样的态度是我们的错。"]


def test_the_test_sentences_are_fresh():
    assert not set(DISMISSIVE + FINE + REPORTED) & set(tone._training_sentences()[0])


@pytest.mark.parametrize("sentence", DISMISSIVE)
def test_dismissive_sentences_in_fresh_wording_are_heard(sentence):
    assert tone.dismissive(sentence) >= tone.THRESHOLD
    assert [h.text for h in tone.find_tone(sentence)] == [sentence]


@pytest.mark.parametrize("sentence", FINE)
def test_a_good_handlers_sentences_are_not(sentence):
    assert tone.dismissive(sentence) < 0.5 and not tone.find_tone(sentence)


@pytest.mark.parametrize("sentence", REPORTED)
def test_quoted_words_are_someone_elses(sentence):
    assert not tone.find_tone(sentence)
    quoted = sentence[sentence.index("“"):sentence.index("”") + 1]
    assert tone.find_tone(quoted)                                     # the words alone are dismissive


def test_a_sentence_that_is_all_quotation_is_read_as_written():
    assert tone.own_words("“Whatever, next caller.”") == "“Whatever, next caller.”"
    assert tone.own_words("She said “whatever” to you, and I'm sorry.") == "She said “…” to you, and I'm sorry."
    assert tone.own_words("It isn’t ‘policy’, it’s our mistake.") == "It isn’t “…”, it’s our mistake."
    assert tone.find_tone("“Whatever, next caller.”")


def test_the_threshold_is_inclusive(monkeypatch):
    try:
        for p, heard in ((tone.THRESHOLD, True), (tone.THRESHOLD - 0.001, False)):
            monkeypatch.setattr(tone, "dismissive", lambda s, p=p: p)
            tone.find_tone.cache_clear()
            assert bool(tone.find_tone("Fine, we'll look at it.")) is heard
    finally:
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
    aside = "您一个大人，跟一个充电宝较什么劲。"
    scored = score_reply(prompt, GOOD_ZH + aside, flagship.plan, "zh", inject=inject)
    assert scored.share == HEARD_TONE_CAP == 0.75              # heard by the classifier only: the milder cap
    assert scored.caps == ("heard_tone",)
    assert t("drill.fb.heard_tone", "zh", quote=aside) in scored.feedback     # the feedback quotes the sentence
    assert not any(f == t("drill.fb.tone", "zh", quote=aside) for f in scored.feedback)


def test_the_cap_and_its_feedback_in_english(flagship):
    inject, prompt = _reply_li(flagship)
    good = ("I'm so sorry, Ms Li, that you and your son had such a fright. Please unplug the power bank now, stop "
            "using it and keep it away from your son. I've logged this as urgent case PB-2001, and our quality "
            "specialist will call you tonight before 9 pm.")
    assert score_reply(prompt, good, flagship.plan, "en", inject=inject).share == 1.0
    aside = "Not sure what else you want me to say, to be honest."
    scored = score_reply(prompt, f"{good} {aside}", flagship.plan, "en", inject=inject)
    assert scored.share == HEARD_TONE_CAP and scored.caps == ("heard_tone",)
    assert t("drill.fb.heard_tone", "en", quote=aside) in scored.feedback


def test_a_pattern_keeps_its_harder_cap_over_the_classifier(flagship):
    inject, prompt = _reply_li(flagship)
    scored = score_reply(prompt, GOOD_ZH + "行了吧，就这样。", flagship.plan, "zh", inject=inject)
    assert scored.share == TONE_CAP == 0.25 and "tone" in scored.caps and "heard_tone" not in scored.caps
    assert any(f.startswith(t("drill.fb.tone", "zh", quote="").split("（")[0]) for f in scored.feedback)


def test_a_full_reply_has_no_cap(flagship):
    inject, prompt = _reply_li(flagship)
    assert score_reply(prompt, GOOD_ZH, flagship.plan, "zh", inject=inject).caps == ()


@pytest.mark.parametrize("text", ["Lucy, BrightHome help desk", "Mr Ge, HuiTong care line", "Cheers, Tom from support",
                                  "Regards, the Lumi Home team", "客服专员 小周",
                                  "Can you remember the number that called you?"])
def test_a_sign_off_or_a_question_for_the_facts_is_not_dismissive(text):
    # none of these is in the training data; "Yan, HuiTong support" read 0.97 before sign-offs were taught
    assert tone.find_tone(text) == ()
