"""Scoring against the plan: each prompt kind's formula, reply rubrics, flags, ratings, the scorecard."""
import pytest
from support.drill import perfect_answers, small_scenario

from sim.drill.scorecard import build_scorecard
from sim.drill.scoring import (
    AnswerError,
    kendall_tau,
    normalise_answer,
    reply_length,
    score_prompt,
    score_reply,
)
from sim.format.prompts import Prompt


def prompt_of(scenario, prompt_id) -> Prompt:
    return next(p for p in scenario.drill.prompts() if p.id == prompt_id)


def share(scenario, prompt_id, value, lang="en"):
    p = prompt_of(scenario, prompt_id)
    return score_prompt(p, normalise_answer(p, value), scenario.plan, lang).share


# --- closed prompts -------------------------------------------------------------------------------

def test_choice_full_partial_and_wrong(flagship):
    assert share(flagship, "severity", "major") == 1.0
    assert share(flagship, "severity", "moderate") == pytest.approx(0.4)
    assert share(flagship, "severity", "minor") == 0.0
    assert share(flagship, "trigger", "public_attention") == pytest.approx(0.5)


def test_multi_each_forbidden_option_cancels_a_required_one(flagship):
    assert share(flagship, "notify", ["crisis_group", "production"]) == 1.0
    assert share(flagship, "notify", ["crisis_group", "production", "specialist"]) == 1.0   # neutral
    assert share(flagship, "notify", ["crisis_group"]) == 0.5
    assert share(flagship, "notify", ["crisis_group", "production", "logistics"]) == 0.5
    assert share(flagship, "notify", ["crisis_group", "logistics"]) == 0.0
    assert share(flagship, "notify", ["logistics"]) == 0.0
    assert share(flagship, "notify", []) == 0.0
    assert share(flagship, "recall-measures", ["inspect", "tell-cause", "rectify", "blame-supplier"]) == \
        pytest.approx(2 / 3)


def test_yesno(flagship):
    assert share(flagship, "activate", "yes") == 1.0
    assert share(flagship, "activate", True) == 1.0
    assert share(flagship, "activate", "no") == 0.0


def test_number_in_range_near_miss_and_far(flagship):
    accept = prompt_of(flagship, "reserve").accept
    low, high = accept.min, accept.max
    assert [share(flagship, "reserve", v) for v in (low, (low + high) / 2, high)] == [1.0, 1.0, 1.0]
    # near miss: outside by at most max(1, 25 % of the nearest bound)
    below, above = max(1, 0.25 * low), max(1, 0.25 * high)
    assert share(flagship, "reserve", low - below) == 0.5
    assert share(flagship, "reserve", low - below - 1) == 0.0
    # above the key: beyond the prompt's bounds (12 of 12 reserve staff), so judged as a prompt without them
    unbounded = prompt_of(flagship, "reserve").model_copy(update={"bounds": None})
    for value, expected in ((high + above, 0.5), (high + above + 1, 0.0)):
        assert score_prompt(unbounded, normalise_answer(unbounded, value), flagship.plan, "en").share == expected
        with pytest.raises(AnswerError):
            normalise_answer(prompt_of(flagship, "reserve"), value)          # refused as an answer there
    assert share(flagship, "reserve", str(low)) == 1.0       # typed in a terminal


def test_order_by_kendall_tau(flagship):
    right = list(prompt_of(flagship, "steps-order").answer)
    assert kendall_tau(right, right) == 1.0
    assert kendall_tau(right[::-1], right) == -1.0
    swapped = [right[1], right[0]] + right[2:]
    assert kendall_tau(swapped, right) == pytest.approx(0.8)
    assert share(flagship, "steps-order", right) == 1.0
    assert share(flagship, "steps-order", swapped) == pytest.approx(0.8)
    assert share(flagship, "steps-order", right[::-1]) == 0.0


@pytest.mark.parametrize("prompt_id, value, message", [
    ("category", "quality", "'quality' is not one of the options"),
    ("category", 1, "1 is not one of the options"),
    ("notify", "crisis_group", "a list of options is needed"),
    ("notify", ["crisis_group", "crisis_group"], "'crisis_group' is given twice"),
    ("notify", ["crisis_group", "pr"], "'pr' is not one of the options"),
    ("activate", "maybe", "answer yes or no"),
    ("reserve", "many", "a number is needed"),
    ("reserve", True, "a number is needed"),
    ("reserve", float("nan"), "a number is needed"),
    ("steps-order", ["implement"], "put every option in the order once; missing: decide_solution"),
    ("reply-li", "   ", "write a reply"),
    ("reply-li", 42, "write a reply"),
])
def test_invalid_answers_are_refused_with_a_clear_message(flagship, prompt_id, value, message):
    with pytest.raises(AnswerError, match=message.replace("(", r"\(")):
        normalise_answer(prompt_of(flagship, prompt_id), value)


def test_invalid_answer_message_in_chinese(flagship):
    with pytest.raises(AnswerError, match="不是可选项之一"):
        normalise_answer(prompt_of(flagship, "category"), "quality", "zh")


# --- replies --------------------------------------------------------------------------------------

GOOD_LI = ("I'm so sorry, Ms Li. Please unplug it now and keep it away from your child. I've recorded this "
           "under reference PB-1187 and our quality team will call you tonight.")


def reply(flagship, prompt_id, text, lang="en"):
    return score_reply(prompt_of(flagship, prompt_id), text, flagship.plan, lang)


def test_a_reply_meeting_every_criterion_earns_full_points(flagship):
    r = reply(flagship, "reply-li", GOOD_LI)
    assert r.points == 3 and r.rating == "P" and not r.missed and not r.flags


def test_solving_before_acknowledging_costs_half_the_criterion(flagship):
    late = ("Our quality team will call you tonight. Please unplug it and keep it away from your child. "
            "I've recorded this under reference PB-1187. I'm so sorry, Ms Li.")
    r = reply(flagship, "reply-li", late)
    assert "apology" in r.hit
    # weights: apology 2 (half: 1), safety 3, recorded 1, next step 2 -> 7 of 8
    assert r.points == pytest.approx(3 * 7 / 8)
    assert any("Came too late" in f and "Apologise sincerely" in f for f in r.feedback)


def test_missed_criteria_are_listed_with_what_the_plan_expects(flagship):
    r = reply(flagship, "reply-li", "I'm sorry to hear that, I have noted your complaint and will pass it on.")
    assert set(r.missed) == {"safety_first", "next_step_with_time"}
    assert any("Put safety first" in f and "Plan: Put the customer's safety first" in f for f in r.feedback)


def test_feedback_cites_the_plan_in_the_session_language(flagship):
    r = reply(flagship, "reply-li", "很抱歉，我们已经记录了您的投诉。", lang="zh")
    assert "safety_first" in r.missed
    assert any("预案要求：客户安全第一" in f for f in r.feedback)


def test_a_short_reply_earns_at_most_half(flagship):
    short = "Sorry! Unplug it, noted, call you today"
    assert reply_length(short) < prompt_of(flagship, "reply-li").min_chars
    r = reply(flagship, "reply-li", short)
    assert not r.missed
    assert r.points == pytest.approx(1.5)
    assert any("Too short" in f for f in r.feedback)
    # Cut into four fragments it is no longer a message at all: the tone cap (a quarter) applies.
    assert reply(flagship, "reply-li", "Sorry! Unplug. Noted. Call you today.").points == pytest.approx(0.75)


def test_chinese_characters_count_three_towards_min_chars():
    assert reply_length("很抱歉") == 9
    assert reply_length("Sorry  about   that") == len("Sorry about that")


def test_a_non_critical_flag_deducts_a_quarter(flagship):
    r = reply(flagship, "reply-li", GOOD_LI + " Sorry for any inconvenience.")
    assert r.flagged == ("non_apology",) and not r.critical
    assert r.points == pytest.approx(3 * 0.75)


@pytest.mark.parametrize("extra, flag", [
    (" We guarantee a refund.", "unauthorised_promise"),
    (" It was caused by a faulty cell.", "unauthorised_promise"),
    (" It may be your charger.", "blame"),
])
def test_a_critical_flag_caps_the_reply_at_zero_and_u(flagship, extra, flag):
    r = reply(flagship, "reply-li", GOOD_LI + extra)
    assert flag in r.flagged and r.critical
    assert r.points == 0 and r.rating == "U"
    assert any("Critical failure" in f for f in r.feedback)


@pytest.mark.parametrize("leak", ["13812345678", "+86 138 1234 5678", "138 1234 5678", "１３８-１２３４-５６７８",
                                  "Wang Fang", "王芳", "fang wang"])
def test_privacy_leaks_are_caught_in_any_format(flagship, leak):
    text = (f"We're sorry {leak}. Please stop using and unplug it; we are investigating. "
            "Please send us a direct message.")
    r = reply(flagship, "public-reply-text", text)
    assert r.flagged == ("privacy_leak",) and r.points == 0


def test_traditional_chinese_matches_simplified_phrases(flagship):
    r = reply(flagship, "public-reply-text", "非常抱歉，我們理解您的擔心。請停止使用並拔掉充電寶，我們正在調查，請私信我們。", "zh")
    assert not r.missed and r.points == 3


def test_a_mixed_language_reply_counts_phrases_of_both_languages(flagship):
    r = reply(flagship, "public-reply-text", "非常抱歉！请停止使用并拔掉充电宝，我们正在调查。Please DM us.", "zh")
    assert "private_channel" in r.hit


def test_all_groups_fall_back_to_the_other_language(plan):
    p = Prompt.model_validate({"id": "r", "kind": "reply", "step": "follow_up_and_feedback", "rubric": [
        {"id": "when", "all": {"en": [["call you"], ["today", "tomorrow"]]}}]})
    assert score_reply(p, "您好，我们 will call you today。", plan, "zh").hit == ("when",)
    assert score_reply(p, "您好，我们会 call you 的。", plan, "zh").missed == ("when",)


def test_regex_criterion(plan):
    p = Prompt.model_validate({"id": "r", "kind": "reply", "step": "receive_and_record", "rubric": [
        {"id": "ref", "regex": r"\bpb \d{4}\b"}]})
    assert score_reply(p, "Your reference is PB-1187.", plan).hit == ("ref",)
    assert score_reply(p, "No reference.", plan).missed == ("ref",)


# --- scorecard ------------------------------------------------------------------------------------

def card_for(flagship, answers, lang="en", elapsed=None):
    scores = []
    for p in flagship.drill.prompts():
        if p.id in answers:
            scores.append(score_prompt(p, normalise_answer(p, answers[p.id]), flagship.plan, lang,
                                       elapsed=(elapsed or {}).get(p.id)))
    return build_scorecard(flagship, scores, lang, trainee="Ann")


@pytest.fixture
def perfect(flagship):
    return perfect_answers(flagship)


def test_perfect_answers_rate_p_and_unobserved_steps_are_na(flagship, perfect):
    card = card_for(flagship, perfect)
    assert card.total == 1.0 and card.passed
    assert card.steps["receive_and_record"].rating == "P"
    assert card.steps["investigate"].rating == "N/A" and card.steps["investigate"].share is None
    assert card.timeliness.rating == "N/A"   # no elapsed times recorded


def test_step_ratings_follow_the_plan_thresholds(flagship, perfect):
    # receive_and_record: category right (1) + severity moderate (0.4) = 70 % -> S (65-85 %)
    card = card_for(flagship, {**perfect, "severity": "moderate"})
    assert card.steps["receive_and_record"].share == pytest.approx(0.7)
    assert card.steps["receive_and_record"].rating == "S"
    # emergency_handling: notify 0.5 + trigger 0.5 + reserve 1 = 2 of 3 -> S
    card = card_for(flagship, {**perfect, "notify": ["crisis_group"], "trigger": "public_attention"})
    assert card.steps["emergency_handling"].rating == "S"
    card = card_for(flagship, {**perfect, "notify": ["logistics"], "trigger": "outage", "reserve": 0})
    assert card.steps["emergency_handling"].rating == "U"


def test_a_critical_flag_rates_its_step_u_and_fails_the_drill(plan):
    sc = small_scenario(plan, [{"id": "post", "at": "T+00:05", "channel": "social_media",
                                "message": {"en": "Call me on 139-0000-1111"}, "prompts": [
        {"id": "grade", "kind": "choice", "step": "receive_and_record", "options": ["minor", "major"],
         "answer": "major", "points": 9},
        {"id": "public", "kind": "reply", "step": "follow_up_and_feedback", "question": "Reply in public.",
         "rubric": [{"id": "sorry", "any": ["sorry"]}],
         "must_not": [{"id": "phone", "flag": "privacy_leak", "phones": ["139-0000-1111"]}]}]}])
    scores = [score_prompt(p, v, plan) for p, v in zip(sc.drill.prompts(), ["major", "Sorry, we'll call 13900001111."])]
    card = build_scorecard(sc, scores, "en", trainee="Ann")
    assert card.total == pytest.approx(0.9) and card.total >= sc.drill.pass_mark     # points alone would pass
    assert card.steps["follow_up_and_feedback"].rating == "U"
    assert card.steps["receive_and_record"].rating == "P"
    assert not card.passed                                                          # a privacy breach fails it
    text = str(card)
    assert "Privacy breach (critical)" in text and "NOT PASSED" in text and "privacy_leak" not in text


def test_pass_mark(flagship, perfect):
    assert card_for(flagship, {**perfect, "steps-order": list(reversed(perfect["steps-order"]))}).passed
    failing = {**perfect, "reply-li": "Sorry.", "public-reply-text": "Sorry.", "category": "other"}
    card = card_for(flagship, failing)
    assert card.total < flagship.drill.pass_mark and not card.passed


def test_timeliness_is_the_share_of_timed_prompts_within_par(flagship, perfect):
    card = card_for(flagship, perfect, elapsed={"reply-li": 100.0, "public-reply-text": 300.0})
    assert (card.timeliness.timed, card.timeliness.within) == (2, 1)
    assert card.timeliness.share == 0.5 and card.timeliness.rating == "M"
    assert "1 of 2 timed prompts" in str(card)


def test_str_names_every_flag_in_both_languages(flagship, perfect):
    answers = {**perfect, "reply-li": GOOD_LI + " Sorry for any inconvenience. It may be your charger."}
    for lang, words in (("en", ("Non-apology (deducted)", "Blaming the customer (critical)")),
                        ("zh", ("敷衍式道歉（扣分）", "指责客户（严重）"))):
        text = str(card_for(flagship, answers, lang))
        for w in words:
            assert w in text, (lang, w)
        assert "(non_apology" not in text and "(blame" not in text    # named, never by the flag's id


def test_scorecard_serialises(flagship, perfect):
    import json
    data = json.loads(json.dumps(card_for(flagship, perfect).to_dict()))
    assert data["passed"] and data["steps"]["investigate"]["rating"] == "N/A"
    assert {p["prompt_id"] for p in data["prompts"]} == set(perfect)
