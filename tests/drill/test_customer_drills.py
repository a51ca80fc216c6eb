"""The drills for the plan's customer chapters (churn and win-back, the care programme, recovery after a
crisis) and the key-account drill: fully bilingual, keyed to the plan's own numbers, judged by the plan's
authority, and branching when an expected action is missed.

The library-wide tests (tests/format/test_library.py, tests/drill/test_library_drills.py,
tests/drill/test_drill_examples.py) already play every drill with good and poor answers; these add what
is particular to these four: answers that follow the plan data, replies the authors did not write, the
goodwill limit at its boundary, and the contingency injects.
"""
from __future__ import annotations

import pytest
from pydantic import BaseModel
from support import SCENARIOS, plan_with

from sim import load_scenario
from sim.drill.branching import clock_order, sent_injects
from sim.drill.scoring import score_prompt, score_reply
from sim.format.base import Text

CUSTOMER_DRILLS = ("churn_winback", "care_programme_quarter", "post_crisis_review", "key_account_churn")
CONTINGENCY = {"churn_winback": "qiao-calls", "care_programme_quarter": "over-budget",
               "post_crisis_review": "parents-group", "key_account_churn": "three-voices"}


@pytest.fixture(scope="module")
def drills():
    return {name: load_scenario(SCENARIOS / f"{name}.yaml") for name in CUSTOMER_DRILLS}


def _prompt(scenario, prompt_id):
    for inject in scenario.drill.injects:
        for prompt in inject.prompts:
            if prompt.id == prompt_id:
                return inject, prompt
    raise KeyError(prompt_id)


def _texts(node, where="scenario"):
    """(where, Text) for every Text anywhere inside a scenario's model (title, summary, drill)."""
    if isinstance(node, Text):
        yield where, node
    elif isinstance(node, (tuple, list)):
        for i, item in enumerate(node):
            yield from _texts(item, f"{where}[{i}]")
    elif isinstance(node, BaseModel):
        for field in type(node).model_fields:
            yield from _texts(getattr(node, field), f"{where}.{field}")


# --- bilingual -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", CUSTOMER_DRILLS)
def test_every_text_and_example_is_in_english_and_chinese(drills, name):
    sc = drills[name]
    texts = [(w, t) for part in ("title", "summary", "drill") for w, t in _texts(getattr(sc, part), part)]
    assert len(texts) > 40                                   # the walk reaches into injects and prompts
    assert [w for w, t in texts if not (t.has("en") and t.has("zh"))] == []
    examples = [e for p in sc.drill.prompts() for e in p.examples]
    assert examples and all(e.en and e.zh for e in examples)
    assert set(sc.languages()) == {"en", "zh"}


# --- keys that follow the plan's numbers ------------------------------------------------------------

def test_the_goodwill_question_is_the_plans_authority(drills):
    sc = drills["churn_winback"]
    _, goodwill = _prompt(sc, "goodwill")
    limit = sc.plan.authority.goodwill_limit
    assert limit == 50
    assert (goodwill.accept.min, goodwill.accept.max) == (limit, limit)
    assert score_prompt(goodwill, 50, sc.plan).points == goodwill.points
    assert score_prompt(goodwill, 100, sc.plan).points == 0          # the limit doubled is wrong


def test_the_care_targets_are_the_plans_relative_changes(drills):
    sc = drills["care_programme_quarter"]
    last_year_repurchase, last_year_churn = 30.0, 15.0                # the inject's figures
    _, repurchase = _prompt(sc, "repurchase-target")
    _, churn = _prompt(sc, "churn-target")
    assert repurchase.accept.min == repurchase.accept.max == pytest.approx(
        last_year_repurchase * (1 + sc.plan.satisfaction.repurchase_uplift))          # 36 %
    assert churn.accept.min == churn.accept.max == pytest.approx(
        last_year_churn * (1 - sc.plan.satisfaction.churn_reduction))                 # 13.5 %
    # +20 points (50 %) and -10 points (5 %) are the misreadings the question must not accept
    assert score_prompt(repurchase, 50, sc.plan).points < repurchase.points
    assert score_prompt(churn, 5, sc.plan).points == 0


def test_levers_and_activities_are_the_plans_care_actions(drills):
    """Option ids that name a plan action are that action's id, so answers and the planner's model agree."""
    plan = drills["churn_winback"].plan
    assert plan.care is not None and plan.early_warning is not None
    kinds = {aid: action.kind for aid, action in plan.care.actions.items()}
    levers = _prompt(drills["churn_winback"], "levers")[1]
    assert {kinds.get(o) for o in levers.required} == {"win_back"}
    activities = _prompt(drills["care_programme_quarter"], "care-lines")[1]
    assert {kinds.get(o) for o in activities.required} == {"care", None}          # None: the gifts line
    assert [o for o in activities.required if o not in kinds] == ["loyal-gifts"]
    indicators = _prompt(drills["post_crisis_review"], "recovery-indicators")[1]
    warned = {name for name in type(plan.early_warning).model_fields if getattr(plan.early_warning, name)}
    assert set(indicators.required) - warned == {"repurchase"}


def test_the_quarters_budget_is_what_is_left_of_the_plans_care_line(drills):
    sc = drills["care_programme_quarter"]
    spent_in_three_quarters, quarter_budget = 30_000, 20_000          # the briefing's figures
    assert sc.plan.care.budget["care_activities"].amount - spent_in_three_quarters == quarter_budget
    cost = _prompt(sc, "care-cost")[1]
    assert cost.accept.min == cost.accept.max <= quarter_budget
    assert "20,000" in sc.drill.briefing.en and "2万元" in sc.drill.briefing.zh


# --- replies the authors did not write ------------------------------------------------------------

OTHER_GOOD = {
    ("churn_winback", "reply-qiao", "en"): "Dear Ms Qiao, I apologise: missing the filter changes in three of your buildings was our failure, and your tenants paid for it. I will be your single point of contact from now on. Our priority engineers will finish all the missed filter changes by Wednesday. May I come to see you this week, perhaps Tuesday afternoon? You will have our written recovery plan, with dates, before your meeting on Thursday.",
    ("churn_winback", "reply-qiao", "zh"): "乔总您好，非常对不起，三栋楼的滤芯更换没有按时完成，是我们的失误，让租户受了影响。今后由我专人负责与您对接。我们的优先工程师会在周三前把漏掉的滤芯全部换好。本周我想当面拜访您，周二下午您看是否方便？在您周四开会之前，我们会把带有日期的书面改进方案交给您。",
    ("care_programme_quarter", "reply-zhou", "en"): "Hello Mrs Zhou, it's Li from BrightHome. Thanks for picking up. I'm really sorry again that your dishwasher came nine days late in September; that was on us. Is it working well for you, and is there anything else we can do? Since then we have changed how we ship: a second carrier stands by in every region and we get an alert as soon as a parcel stalls. I've put 300 loyalty points on your account as our thanks. We'd love to see you at our customer appreciation day on 12 December. Finally, how satisfied are you with us now, from one to five?",
    ("care_programme_quarter", "reply-zhou", "zh"): "周女士您好，我是禾川的小李，谢谢您接电话。9月份洗碗机晚到了九天，真的很对不起，责任在我们。洗碗机用得怎么样？有没有什么需要我们帮忙的？我们之后做了改进：每个区域都备有第二家快递，包裹一停住我们就会收到预警。作为感谢，我已经在您的账户里加了300积分。12月12日是我们的客户答谢日，诚邀您来参加。最后请您给我们打个分，一到五分您给几分？",
    ("post_crisis_review", "reply-deng", "en"): "Dear Mr Deng, I'm deeply sorry that your daughter was scalded by our cooker and that no one called you back; we failed you twice. How is she doing? Your replacement cooker, from a safe batch, will be with you within 48 hours. Please send me the clinic receipt and we will reimburse the medical costs. I am now personally in charge of your case and will call you every two days until it is closed.",
    ("post_crisis_review", "reply-deng", "zh"): "邓先生您好，实在对不起，孩子被我们的电饭煲烫伤，之后又一直没人联系您，是我们的失职。孩子现在怎么样了？安全批次的新电饭煲48小时之内送到。诊所的费用请把票据发给我，我们全额报销。以后由我专门跟进，每两天给您打一次电话，直到这件事彻底解决。",
}

CRITICAL = {
    ("churn_winback", "reply-qiao", "unauthorised_promise"): "Dear Ms Qiao, I am sorry about the filter changes in three buildings. Our engineers will finish them by Wednesday, and we will offer you a 10% discount on next year's contract.",
    ("care_programme_quarter", "reply-zhou", "privacy_leak"): "Hello Mrs Zhou, thank you for your time, and sorry about the late dishwasher. If you'd like to talk to Mr Fu, his number is 139-0000-5521.",
    ("post_crisis_review", "reply-deng", "blame"): "Dear Mr Deng, I'm sorry about your daughter. If you had closed the lid properly this would not have happened. A new rice cooker will reach you within 48 hours.",
}


@pytest.mark.parametrize("name, prompt_id, lang", sorted(OTHER_GOOD))
def test_a_good_reply_in_other_words_is_rated_p(drills, name, prompt_id, lang):
    sc = drills[name]
    inject, prompt = _prompt(sc, prompt_id)
    result = score_reply(prompt, OTHER_GOOD[name, prompt_id, lang], sc.plan, lang, inject=inject)
    assert result.flags == () and result.missed == (), (result.missed, result.flagged)
    assert result.rating == "P"


@pytest.mark.parametrize("name, prompt_id, flag", sorted(CRITICAL))
def test_a_critical_failure_caps_an_otherwise_decent_reply_at_u(drills, name, prompt_id, flag):
    sc = drills[name]
    inject, prompt = _prompt(sc, prompt_id)
    result = score_reply(prompt, CRITICAL[name, prompt_id, flag], sc.plan, "en", inject=inject)
    assert result.hit                                        # it did something right...
    assert flag in result.flagged and result.points == 0 and result.rating == "U"


@pytest.mark.parametrize("lang, template", [
    ("en", ("Hello Mrs Zhou, thank you for taking my call, and sorry again about the late dishwasher. How is the "
            "dishwasher working now? We have added a {amount}-yuan coupon to your account.")),
    ("zh", "周女士您好，感谢您接听电话，洗碗机晚到再次向您道歉。洗碗机用得怎么样？我们给您发了一张{amount}元的优惠券。"),
], ids=["en", "zh"])
def test_a_coupon_is_judged_by_the_plans_goodwill_limit(drills, lang, template):
    sc = drills["care_programme_quarter"]
    inject, prompt = _prompt(sc, "reply-zhou")

    def promised(amount, plan):
        return "unauthorised_promise" in score_reply(prompt, template.format(amount=amount), plan, lang,
                                                     inject=inject).flagged
    assert (promised(50, sc.plan), promised(51, sc.plan)) == (False, True)     # the limit is 50 yuan
    wider = plan_with(sc.plan, "authority.goodwill_limit", 60)
    assert (promised(51, wider), promised(61, wider)) == (False, True)


SALUTATIONS = ("Hi", "Hello", "Regards", "Kind regards", "Best regards", "您好", "此致敬礼", "祝好")


@pytest.mark.parametrize("name, prompt_id", [("churn_winback", "reply-qiao"), ("care_programme_quarter", "reply-zhou"),
                                             ("post_crisis_review", "reply-deng"), ("key_account_churn", "reply-fang")])
def test_a_greeting_or_sign_off_performs_no_act_but_perhaps_thanks(drills, name, prompt_id):
    """Short Chinese phrases ("对不起", "答谢日", "打分") embed close to sign-offs; the rubrics use longer ones,
    so that "Regards" does not apologise or invite. (A sign-off read as thanks is the kit's, see the report.)"""
    sc = drills[name]
    inject, prompt = _prompt(sc, prompt_id)
    for line in SALUTATIONS:
        met = set(score_reply(prompt, line, sc.plan, "zh" if line[0] > "~" else "en", inject=inject).hit)
        assert met <= {"thanks"}, (line, met)


# --- contingency injects ------------------------------------------------------------------------------

def _good(prompt, lang):
    if prompt.kind in ("choice", "yesno"):
        return prompt.answer
    if prompt.kind == "multi":
        return list(prompt.required)
    if prompt.kind == "number":
        return prompt.accept.min
    if prompt.kind == "order":
        return list(prompt.answer)
    return next(getattr(e, lang) for e in prompt.examples if e.grade == "good")


@pytest.mark.parametrize("name", CUSTOMER_DRILLS)
def test_the_contingency_comes_only_when_the_expected_action_was_missed(drills, name):
    sc = drills[name]
    injects = clock_order(sc.drill)
    contingency = next(i for i in injects if i.id == CONTINGENCY[name])
    before = injects[:injects.index(contingency)]
    closed = [p for inj in before for p in inj.prompts if p.kind != "reply"]
    good = {p.id: _good(p, "en") for p in closed}
    scores = {p.id: score_prompt(p, good[p.id], sc.plan) for p in closed}
    sent = [i.id for i in sent_injects(before + [contingency], good, scores)]
    assert contingency.id not in sent
    # the one answer the contingency waits on, got wrong, sends it
    trigger = {
        "churn_winback": ("notify", ["tech_support"]),
        "care_programme_quarter": ("care-lines", ["quarterly_activity", "appreciation_day", "return_visits",
                                                  "holiday_greetings", "loyal-gifts", "gala"]),
        "post_crisis_review": ("recovered", "yes"),
        "key_account_churn": ("choose-owner", "sales-team"),
    }[name]
    pid, wrong = trigger
    prompt = _prompt(sc, pid)[1]
    values = {**good, pid: wrong}
    scores = {**scores, pid: score_prompt(prompt, wrong, sc.plan)}
    assert contingency.id in [i.id for i in sent_injects(before + [contingency], values, scores)]
