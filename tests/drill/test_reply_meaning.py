"""Criteria met by meaning: time and contact slots, rival criteria, telegraphic replies."""
from __future__ import annotations

import pytest

from sim.drill.scoring import TONE_CAP, score_reply
from sim.drill.sentences import coherence
from sim.drill.slots import find_slot, slot_of


@pytest.mark.parametrize("text", [
    "before 5 o'clock this afternoon", "within two hours", "by 10 tonight", "tomorrow by 11 a.m.",
    "on Friday", "no later than nine", "in the next 30 minutes", "at 14:30", "by 6 November",
    "今天下午五点前", "两个小时之内", "半小时内", "明天中午12点之前", "今晚八點以前", "周五",
])
def test_time_expressions_in_both_languages(text):
    assert find_slot("time", text)


@pytest.mark.parametrize("text", [
    "I'm so sorry about the scorched table.", "Please keep it away from your child.", "我们非常抱歉。",
    "请不要再使用它。", "Your reference is PB-2043.",
])
def test_no_time_where_none_is_said(text):
    assert find_slot("time", text) is None


@pytest.mark.parametrize("text, found", [
    ("A specialist will ring you back on this number.", True), ("We'll be in touch.", True),
    ("You'll hear from our quality team.", True), ("会给您回电话", True), ("安全部门的同事会打您这个号码", True),
    ("我会在这个对话里跟您说最新情况", True), ("Please unplug it now.", False), ("请您拔掉电源。", False),
])
def test_contact_expressions(text, found):
    assert bool(find_slot("contact", text)) is found


def test_a_group_is_a_slot_when_half_its_phrases_are_times_or_contacts():
    assert slot_of(("today", "tonight", "tomorrow", "within", "by ")) == "time"
    assert slot_of(("call you", "contact you", "get back to you", "ring you")) == "contact"
    assert slot_of(("联系您", "回电", "回复您", "致电")) == "contact"
    assert slot_of(("today", "unplug", "stop using")) is None        # one in three is not half
    assert slot_of(()) is None


def _reply_li(flagship):
    inject = next(i for i in flagship.drill.injects if i.id == "first-call")
    return inject, next(p for p in inject.prompts if p.id == "reply-li")


def test_who_and_when_in_other_words_meets_the_next_step(flagship):
    inject, prompt = _reply_li(flagship)
    said = "Someone from our quality team will ring you back on this number before 5 o'clock this afternoon."
    score = score_reply(prompt, "I'm so sorry, Ms Li. " + said, flagship.plan, inject=inject)
    assert dict(score.met_by)["next_step_with_time"] == said
    # The contact without a time is not the act; nor is a time without anyone contacting her.
    for half in ("Someone from our quality team will ring you back.",
                 "Our quality team will look at it before 5 o'clock this afternoon."):
        assert "next_step_with_time" in score_reply(prompt, "I'm so sorry, Ms Li. " + half, flagship.plan,
                                                    inject=inject).missed


@pytest.mark.parametrize("text", [
    "Ms Xu sorry. Recorded. Don't download. Call you, today, within. Investigating how.",
    "徐女士。抱歉。已登记，已上报安全团队。不要下载。挂断。回电，今天。调查中。",
    "thank you, sorry, apologise, late deliveries, allergen label, labelling, call you today, this afternoon",
])
def test_fragments_and_comma_lists_are_not_a_message(text):
    assert coherence(text) < 0.5


@pytest.mark.parametrize("text", [
    "I'm sorry. I've recorded it. Someone from our quality team will call you before 9 tonight. Thank you.",
    "很抱歉。我已经登记了您的投诉。今晚九点前质量部的同事会给您回电。谢谢您。",
    "We can send it by courier, by post, by van, or by hand, whichever suits you best, and we'll confirm today.",
])
def test_short_sentences_among_full_ones_are_a_message(text):
    assert coherence(text) >= 0.5


def test_a_telegraphic_reply_is_capped_below_an_adequate_one(flagship):
    inject, prompt = _reply_li(flagship)
    adequate = score_reply(prompt, "I'm sorry to hear that. I've noted your complaint and someone from our "
                                   "quality team will contact you.", flagship.plan, inject=inject)
    telegraphic = score_reply(prompt, "Ms Li sorry. Unplug, stop using. Away from child. Logged, reference. "
                                      "Call you tonight.", flagship.plan, inject=inject)
    assert telegraphic.share <= TONE_CAP < adequate.share
