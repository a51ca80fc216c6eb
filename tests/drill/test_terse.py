"""A reply of bare statements, one rubric point a line, is held to an adequate reply's points
(sim.drill.sentences.terse, sim.drill.scoring.TERSE_CAP); sentences end at an ellipsis, not at a decimal point."""
from __future__ import annotations

import pytest

from sim.drill.scoring import TERSE_CAP, score_reply
from sim.drill.sentences import _TERSE_CHARS_ZH, _TERSE_SENTENCES, _TERSE_WORDS_EN, terse, units
from sim.i18n import t


def _sentences(text: str) -> list[str]:
    return [u.text for u in units(text) if u.sentence]


def test_a_sentence_ends_at_an_ellipsis_but_not_at_a_decimal_point():
    assert _sentences("Someone will call you tomorrow, or the day after… Next caller.") == [
        "Someone will call you tomorrow, or the day after…", "Next caller."]
    assert _sentences("停止使用、拔掉电源……您自己看着办吧。") == ["停止使用、拔掉电源……", "您自己看着办吧。"]
    assert _sentences("It has a 4.8-star rating. We refunded 2.5 yuan.") == [
        "It has a 4.8-star rating.", "We refunded 2.5 yuan."]
    assert _sentences("Call us on 110. Then rest.") == ["Call us on 110.", "Then rest."]   # a stop after a number


def _words(n: int) -> str:
    """A sentence of ``n`` English words."""
    return " ".join(["we"] + ["called"] * (n - 1)) + "."


@pytest.mark.parametrize(("sizes", "expected"), [
    ([6, 6, 6, 6, 6], False),                 # averaging exactly six words: the boundary is not terse
    ([6, 6, 6, 6, 5], True),                  # 5.8
    ([2, 2, 2, 2], False),                    # four sentences are too few to judge
    ([2, 2, 2, 2, 24], False),                # short lines mixed with a full one (6.4)
    ([1, 2, 3, 4, 5, 6, 7], True),            # 4.0
])
def test_terse_english_at_its_boundaries(sizes, expected):
    assert _TERSE_SENTENCES == 5 and _TERSE_WORDS_EN == 6.0
    assert terse(" ".join(_words(n) for n in sizes)) is expected


@pytest.mark.parametrize(("sizes", "expected"), [
    ([10, 10, 10, 10, 10], False),            # exactly ten characters a sentence
    ([10, 10, 10, 10, 9], True),
    ([3, 3, 3, 3], False),
])
def test_terse_chinese_counts_characters_not_words(sizes, expected):
    assert _TERSE_CHARS_ZH == 10.0
    assert terse("".join("我" * n + "。" for n in sizes)) is expected


def test_a_line_with_no_words_is_not_a_sentence_to_average():
    lines = "Please call the police now. Their number is. 110. We are so sorry. We will call you."
    assert [len(s.split()) for s in _sentences(lines)] == [5, 3, 1, 4, 4]
    assert not terse(lines)                 # "110." is no sentence: four are too few to judge
    assert terse(lines + " Thank you.")     # five: 3.6 words a sentence


def _reply_li(flagship):
    inject = next(i for i in flagship.drill.injects if i.id == "first-call")
    return inject, next(p for p in inject.prompts if p.id == "reply-li")


CHECKLIST_EN = ("We are sorry, Ms Li. We understand your concern. Please unplug it now. Stop using it now. "
                "Keep it away from children. It is logged as case PB-2001. Our specialist will call tonight.")
CHECKLIST_ZH = "李女士，我们非常抱歉。请您立即拔掉电源。请您停止使用。请让孩子远离它。我们已登记工单PB-2001。我们今晚九点前给您回电。"


@pytest.mark.parametrize(("reply", "lang"), [(CHECKLIST_EN, "en"), (CHECKLIST_ZH, "zh")])
def test_a_checklist_reply_earns_no_more_than_an_adequate_one(flagship, reply, lang):
    inject, prompt = _reply_li(flagship)
    assert terse(reply)
    scored = score_reply(prompt, reply, flagship.plan, lang, inject=inject)
    assert scored.caps == ("terse",) and scored.share == TERSE_CAP == 0.75
    assert t("drill.fb.terse", lang) in scored.feedback


def test_short_sentences_that_say_who_does_what_are_not_terse(flagship):
    inject, prompt = _reply_li(flagship)
    good = ("So sorry, Ms Li. Please unplug it now and don't use it again. Keep your son away from it. I've logged "
            "it, your case number is PB-2001. Our quality specialist will ring you tonight before 9 pm.")
    assert not terse(good)
    assert score_reply(prompt, good, flagship.plan, "en", inject=inject).caps == ()
