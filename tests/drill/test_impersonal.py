"""A private reply that never names the person it answers reads as a form letter: at most 90 % of the points
(sim.drill.reply_context.addressed_by_name, sim.drill.scoring.IMPERSONAL_CAP)."""
from __future__ import annotations

import pytest

from sim.drill.personal_data import ReplyContext
from sim.drill.reply_context import addressed_by_name, addressee_title
from sim.drill.scoring import IMPERSONAL_CAP, score_reply
from sim.i18n import t

NAMED_EN = ("I'm so sorry, Ms Li, that you and your son had such a fright. Please unplug the power bank now, stop "
            "using it and keep it away from your son. I've logged this as urgent case PB-2001, and our quality "
            "specialist will call you tonight before 9 pm.")
NAMED_ZH = ("李女士，真的很抱歉，让您和孩子受惊了。请马上拔掉电源、停止使用，放到孩子够不着的地方。"
            "我已登记为紧急工单，编号PB-2001，质量专员今晚9点前给您回电。")


def _prompt(scenario, inject_id, prompt_id):
    inject = next(i for i in scenario.drill.injects if i.id == inject_id)
    return inject, next(p for p in inject.prompts if p.id == prompt_id)


@pytest.mark.parametrize("reply, named", [
    ("I'm so sorry, Ms Li.", True), ("Ms. Li, sorry.", True), ("李女士，抱歉。", True),
    ("Dear customer, we are sorry.", False), ("We will lift the block today.", False),     # "lift" is not "Li"
    ("尊敬的客户，您好。", False), ("黎女士，抱歉。", False),
])
def test_the_addressee_is_named_or_not(reply, named):
    assert addressed_by_name(reply, ReplyContext(addressee=("Li", "李"))) is named


def test_traditional_characters_name_her_too():
    assert addressed_by_name("黃先生，真的很抱歉。", ReplyContext(addressee=("Huang", "黄"))) is True


def test_public_replies_and_unknown_addressees_are_not_judged():
    assert addressed_by_name("Sorry.", ReplyContext(addressee=("Li",), public=True)) is None
    assert addressed_by_name("Sorry.", ReplyContext()) is None


def test_a_full_reply_that_never_names_her_earns_nine_tenths(flagship):
    inject, prompt = _prompt(flagship, "first-call", "reply-li")
    assert score_reply(prompt, NAMED_EN, flagship.plan, "en", inject=inject).share == 1.0
    unnamed = score_reply(prompt, NAMED_EN.replace(", Ms Li,", ""), flagship.plan, "en", inject=inject)
    assert unnamed.share == IMPERSONAL_CAP == 0.9 and unnamed.caps == ("impersonal",)
    assert t("drill.fb.impersonal", "en", name="Ms Li") in unnamed.feedback
    assert unnamed.rating == "P"                 # still performed on the shipped plan (P from 85 %)


def test_the_chinese_feedback_names_her_in_chinese(flagship):
    inject, prompt = _prompt(flagship, "first-call", "reply-li")
    assert score_reply(prompt, NAMED_ZH, flagship.plan, "zh", inject=inject).caps == ()
    unnamed = score_reply(prompt, NAMED_ZH.replace("李女士，", ""), flagship.plan, "zh", inject=inject)
    assert unnamed.share == 0.9 and t("drill.fb.impersonal", "zh", name="李女士") in unnamed.feedback
    assert addressee_title(inject, "zh") == "李女士" and addressee_title(inject, "en") == "Ms Li"


def test_a_public_reply_needs_no_name(flagship):
    inject, prompt = _prompt(flagship, "public-reply", "public-reply-text")
    good = next(e for e in prompt.examples if e.grade == "good")
    scored = score_reply(prompt, good.en, flagship.plan, "en", inject=inject)
    assert "impersonal" not in scored.caps


def test_a_lower_cap_wins(flagship):
    inject, prompt = _prompt(flagship, "first-call", "reply-li")
    scored = score_reply(prompt, NAMED_ZH.replace("李女士，", "") + "行了吧，就这样。", flagship.plan, "zh", inject=inject)
    assert scored.share == 0.25 and set(scored.caps) == {"tone", "impersonal"}
