"""A trainer's override of a reply's points: what may be overridden (boundaries), which override counts, and how
it changes a scorecard — points, rating, total, pass, steps, a critical flag — on hand-built prompt scores."""
import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from support.overrides import hand_scores, privacy, reply_scenario

from sim.drill.overrides import Override, OverrideError, check_override, latest, override_note
from sim.drill.scorecard import apply_overrides, build_scorecard, score_attempt
from sim.i18n.script import CJK_CHAR

AT = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def scenario(plan):
    return reply_scenario(plan)


def ovr(points, prompt="reply", *, old=1.0, at=AT, id=1, comment="Says sorry in her own words", by="Wang Fang"):
    return Override(id, 7, prompt, points, old, comment, by, at)


def prompt(scenario, pid):
    return next(p for p in scenario.drill.prompts() if p.id == pid)


def check(scenario, pid="reply", points=2, comment="why", by="Wang", answered=True, lang="en"):
    return check_override(prompt(scenario, pid) if pid != "gone" else None, pid, attempt_id=7, answered=answered,
                          points=points, comment=comment, by=by, reply_prompts=["reply", "public"], lang=lang)


# --- what may be overridden ------------------------------------------------------------------------

def test_points_from_zero_to_the_prompts_points(scenario):
    assert check(scenario, points=0) == (0.0, "why", "Wang") and check(scenario, points="4") == (4.0, "why", "Wang")
    assert check(scenario, points=" 2,5 ")[0] == 2.5                      # a decimal comma, as typed in Chinese
    for bad in (4.01, -0.01, "abc", "", None, True, math.nan, math.inf):
        with pytest.raises(OverrideError, match="^points: "):
            check(scenario, points=bad)
    with pytest.raises(OverrideError, match=r"^points: 4.5 is out of range: reply is worth 0 to 4 points$"):
        check(scenario, points=4.5)


def test_only_an_answered_reply_with_a_comment_and_a_name(scenario):
    with pytest.raises(OverrideError, match="'grade' is not a reply.*replies answered: reply, public"):
        check(scenario, "grade", points=1)
    with pytest.raises(OverrideError, match="'reply' was not answered in attempt 7"):
        check(scenario, answered=False)
    with pytest.raises(OverrideError, match="attempt 7 has no prompt 'gone'"):
        check(scenario, "gone")
    for comment in ("", "   ", None):
        with pytest.raises(OverrideError, match="^comment: "):
            check(scenario, comment=comment)
    with pytest.raises(OverrideError, match="^by: "):
        check(scenario, by=" ")


def test_messages_in_chinese_have_no_english_words(scenario):
    for kw in ({"points": 9}, {"comment": ""}, {"by": ""}, {"pid": "grade"}, {"answered": False}):
        with pytest.raises(OverrideError) as err:
            check(scenario, lang="zh", **kw)
        text = str(err.value)
        assert CJK_CHAR.search(text)
        for word in ("points", "comment", "reply is", "answered", "trainer"):
            assert word not in text, (kw, text)


# --- which override counts ---------------------------------------------------------------------------

def test_the_latest_override_of_a_prompt_counts():
    early, late = ovr(1.0, at=AT, id=2), ovr(3.0, at=AT + timedelta(minutes=1), id=1)
    other = ovr(0.5, "public", id=3)
    assert latest([late, other, early]) == {"reply": late, "public": other}
    same_time = ovr(2.0, at=AT, id=5)
    assert latest([same_time, early])["reply"] is same_time               # same moment: the later row
    assert latest([]) == {}


def test_an_override_reads_the_same_after_a_round_trip_and_in_both_languages():
    o = ovr(2.5, old=None)
    assert Override.from_dict(o.to_dict()) == o
    assert override_note(o, "en") == 'overridden by Wang Fang on 2026-05-01: — → 2.5 points — “Says sorry in her own words”'
    assert override_note(ovr(0), "zh") == "Wang Fang 于 2026-05-01 改分：1 → 0 分 ——“Says sorry in her own words”"


# --- what an override changes ---------------------------------------------------------------------------

def card(scenario, overrides=(), **kw):
    scores, applied = apply_overrides(hand_scores(scenario.plan, **kw), overrides, scenario.plan)
    return build_scorecard(scenario, scores, "en", overrides=applied)


@pytest.mark.parametrize("points, rating", [(4.0, "P"), (3.4, "P"), (3.39, "S"), (2.6, "S"), (2.59, "M"),
                                            (1.4, "M"), (1.39, "U"), (0.0, "U")])
def test_the_overridden_reply_is_rated_from_its_new_share(scenario, points, rating):
    c = card(scenario, [ovr(points)], reply_points=4.0)
    assert c.prompt("reply").points == points and c.prompt("reply").rating == rating
    assert c.points == pytest.approx(1 + points + 2) and c.steps["emergency_handling"].rating == rating


def test_the_total_and_pass_follow_the_override(scenario):
    base = card(scenario, reply_points=4.0)                    # 7 of 7
    assert base.passed and base.total == 1.0
    lowered = card(scenario, [ovr(1.25)])                      # 4.25 of 7 = 61 % < 75 %
    assert lowered.points == pytest.approx(4.25) and not lowered.passed
    edge = card(scenario, [ovr(2.25)])                         # 5.25 of 7 = exactly the pass mark
    assert edge.total == pytest.approx(0.75) and edge.passed
    assert lowered.to_dict()["overrides"] == [ovr(1.25).to_dict()] and base.to_dict()["overrides"] == []


def test_an_override_clears_a_critical_flag_from_the_verdict_but_keeps_the_flag(scenario, plan):
    leak = privacy(plan, "139-0000-1111")
    flagged = card(scenario, flags=(leak,))
    assert flagged.critical and not flagged.passed and flagged.steps["emergency_handling"].rating == "U"
    judged = card(scenario, [ovr(4.0)], flags=(leak,))
    assert not judged.critical and judged.passed and judged.steps["emergency_handling"].rating == "P"
    assert judged.prompt("reply").flags == (leak,) and judged.flags == (leak,)      # still listed, with evidence
    assert judged.to_dict()["critical"] is False and judged.to_dict()["passed"] is True
    other = card(scenario, [ovr(2.0, "public")], flags=(leak,))                    # another reply overridden
    assert other.critical and not other.passed


def test_overrides_apply_to_answered_replies_only_and_never_above_the_prompts_points(scenario):
    c = card(scenario, [ovr(0.0, "grade"), ovr(9.0)])
    assert c.prompt("grade").points == 1.0 and "grade" not in c.overrides         # a closed question: ignored
    assert c.prompt("reply").points == 4.0 and c.prompt("reply").rating == "P"     # 9 recorded, 4 at most
    unanswered = replace(hand_scores(scenario.plan)[2], answered=False, points=0.0)
    scores, applied = apply_overrides([unanswered], [ovr(2.0, "public")], scenario.plan)
    assert scores == [unanswered] and applied == {}


def test_score_attempt_applies_the_overrides_it_is_given(scenario):
    answers = {"grade": "major", "reply": "Whatever.", "public": "Sorry."}
    plain = score_attempt(scenario, answers)
    overridden = score_attempt(scenario, answers, overrides=[ovr(3.0, id=1), ovr(2.5, at=AT - timedelta(days=1), id=2)])
    assert overridden.prompt("reply").points == 3.0 and overridden.overrides["reply"].id == 1
    assert overridden.points == pytest.approx(plain.points - plain.prompt("reply").points + 3.0)
    assert overridden.prompt("public") == plain.prompt("public")
