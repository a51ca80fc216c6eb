"""A trainer overrides a reply's points: checked, kept with who, when, the old points and why, applied by every
scoring (finish, re-score, a cohort's re-score) so that a re-score never undoes it, and shown where scored replies
are read — the trainer's drill-down, the after-action report and answers.csv — with the sentence that met each
criterion marked, trainee text escaped, in both languages, anonymised on request."""
import pandas as pd
import pytest
import yaml
from support.overrides import ESCAPED, GOOD_REPLY, SCRIPT, hand_card, met_mark, privacy, reply_scenario

from sim.drill.overrides import OverrideError
from sim.drill.scorecard import score_attempt
from sim.drill.session import DrillSession, rescore
from sim.format.load import scenario_from_dict
from sim.reports import cohort as C
from sim.reports.aar import build_aar
from sim.reports.export import export_csv
from sim.reports.html import trainee_html
from sim.reports.overrides import override_reply
from sim.store.results import Store, StoreError

ANN_ANSWERS = {"grade": "major", "reply": GOOD_REPLY, "public": "Sorry, we are on it."}
BO_REPLY = "So sorry about this. Unplug it and put it outside. Mr Tao had the same, call him on 139-0000-1111."
BO_ANSWERS = {"grade": "minor", "reply": BO_REPLY, "public": "Sorry, we are on it."}
COMMENT = "Ann apologised in her own words"


@pytest.fixture
def scenario(plan):
    return reply_scenario(plan)


@pytest.fixture
def cohort(tmp_path, scenario, plan):
    """Ann and Bo finished, each scored with a hand-built card (the sentences that met each criterion as a scorer
    quotes them); Bo's reply gives another customer's phone number (a critical flag)."""
    from support.overrides import finished_attempt
    store = Store(f"sqlite:///{tmp_path / 'o.sqlite'}")
    cid = store.cohort("Hotline", 2026)
    store.add_members(cid, [("Ann", "A", None), ("Bo", "A", None)])
    store.assign(cid, scenario.id)
    ann = finished_attempt(store, scenario, "Ann", ANN_ANSWERS, hand_card(scenario))
    bo_card = hand_card(scenario, reply=BO_REPLY, met=(("sorry", "So sorry about this."),
                                                      ("unplug", "Unplug it and put it outside.")),
                        flags=(privacy(plan, "139-0000-1111"),))
    bo = finished_attempt(store, scenario, "Bo", BO_ANSWERS, bo_card)
    return store, cid, ann, bo


def load(store, cid, scenario, lang="en"):
    return C.load_cohort(store, cid, {scenario.id: scenario}, lang=lang)


def scorer_points(store, scenario, attempt_id, prompt_id):
    answers = store.answers(attempt_id)
    return score_attempt(scenario, {a.prompt_id: a.value for a in answers}).prompt(prompt_id).points


# --- kept and applied -------------------------------------------------------------------------------------

def test_an_override_is_kept_with_who_when_and_the_old_points_and_scores_the_attempt_again(cohort, scenario):
    store, _, ann, _ = cohort
    before = len(store.scores(ann))
    old = scorer_points(store, scenario, ann, "reply")
    new = 1.5 if old != 1.5 else 2.5
    done, card = override_reply(store, ann, "reply", new, f"  {COMMENT} ", " Wang Fang ", scenarios={scenario.id: scenario})
    assert (done.points, done.old_points, done.comment, done.by) == (new, old, COMMENT, "Wang Fang")
    assert store.overrides(ann) == [done]
    assert card.prompt("reply").points == new and card.overrides["reply"] == done
    latest = store.scores(ann)
    assert len(latest) == before + 1 and latest[-1].points == pytest.approx(card.points)
    assert latest[-1].detail["overrides"] == [done.to_dict()]
    assert next(p for p in latest[-1].detail["prompts"] if p["prompt_id"] == "reply")["points"] == new


def test_a_rescore_never_undoes_an_override_and_the_latest_one_counts(cohort, scenario):
    store, cid, ann, bo = cohort
    known = {scenario.id: scenario}
    override_reply(store, ann, "reply", 0.5, "Too short on safety", "Wang Fang", scenarios=known)
    second, _ = override_reply(store, ann, "reply", 3.5, "Listened to the call again", "Li Lei", scenarios=known)
    assert second.old_points == 0.5                                      # the reply scored the first override's
    assert rescore(ann, scenario, store=store).prompt("reply").points == 3.5
    # the author changes the rubric; the cohort is re-scored against it: the override stays
    data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["plan"] = "plans/default.yaml"
    data["drill"]["injects"][0]["prompts"][1]["rubric"][0]["weight"] = 5
    changed = scenario_from_dict(yaml.safe_load(yaml.safe_dump(data)), scenario.plan)
    assert changed.content_hash() != scenario.content_hash()
    done = C.rescore_cohort(store, cid, {scenario.id: changed}, only_changed=False)
    assert {r.attempt_id for r in done} == {ann, bo}
    latest = store.latest_scores([ann])[ann].detail
    assert next(p for p in latest["prompts"] if p["prompt_id"] == "reply")["points"] == 3.5
    assert [o["id"] for o in latest["overrides"]] == [second.id] and len(store.overrides(ann)) == 2
    assert load(store, cid, changed).prompts.set_index(["trainee", "prompt_id"]).loc[("Ann", "reply"), "points"] == 3.5


def test_an_overridden_critical_reply_no_longer_fails_the_drill(cohort, scenario):
    store, _, _, bo = cohort
    assert store.latest_scores([bo])[bo].detail["critical"]
    _, card = override_reply(store, bo, "reply", 4, "The number is our hotline", "Wang Fang",
                             scenarios={scenario.id: scenario})
    assert card.prompt("reply").points == 4 and not card.critical
    assert card.steps["emergency_handling"].rating == "P"


def test_the_session_applies_an_override_when_the_trainee_finishes(tmp_path, scenario):
    store = Store(f"sqlite:///{tmp_path / 's.sqlite'}")
    session = DrillSession(scenario, "Cy", "en", store)
    for pid, value in ANN_ANSWERS.items():
        session.answer(pid, value)
    store.add_override(session.attempt_id, "reply", 1.0, None, "recorded before the end", "Wang Fang")
    card = session.finish()
    assert card.prompt("reply").points == 1.0 and "reply" in card.overrides
    assert store.scores(session.attempt_id)[-1].detail["overrides"][0]["comment"] == "recorded before the end"


BAD = [({"points": 4.5}, OverrideError, "points: 4.5 is out of range"),
       ({"points": -1}, OverrideError, "points: -1 is out of range"),
       ({"points": "three"}, OverrideError, "'three' is not a number"),
       ({"comment": " "}, OverrideError, "^comment: "),
       ({"by": ""}, OverrideError, "^by: "),
       ({"prompt_id": "grade"}, OverrideError, "'grade' is not a reply"),
       ({"prompt_id": "nope"}, OverrideError, "has no prompt 'nope'; the replies it answered: reply, public"),
       ({"attempt_id": 999}, StoreError, "no attempt 999")]


def test_a_bad_override_stores_nothing(cohort, scenario):
    store, _, ann, _ = cohort
    scores = len(store.scores(ann))
    for kw, error, match in BAD:
        args = {"attempt_id": ann, "prompt_id": "reply", "points": 2, "comment": "why", "by": "Wang", **kw}
        with pytest.raises(error, match=match):
            override_reply(store, args["attempt_id"], args["prompt_id"], args["points"], args["comment"], args["by"],
                           scenarios={scenario.id: scenario})
    assert store.overrides(ann) == [] and len(store.scores(ann)) == scores


def test_an_unfinished_or_unanswered_reply_cannot_be_overridden(tmp_path, scenario):
    store = Store(f"sqlite:///{tmp_path / 'u.sqlite'}")
    session = DrillSession(scenario, "Cy", "zh", store)
    session.answer("grade", "major")
    with pytest.raises(OverrideError, match="尚未完成"):
        override_reply(store, session.attempt_id, "reply", 1, "x", "y", scenarios={scenario.id: scenario}, lang="zh")
    session.finish()                                          # ended early: the replies were never answered
    with pytest.raises(OverrideError, match="'reply' was not answered"):
        override_reply(store, session.attempt_id, "reply", 1, "x", "y", scenarios={scenario.id: scenario})
    assert store.overrides(session.attempt_id) == []


# --- shown where replies are read ---------------------------------------------------------------------------

def test_the_drill_down_marks_evidence_and_shows_the_override(cohort, scenario):
    store, cid, ann, _ = cohort
    data = load(store, cid, scenario)
    page = trainee_html(data, "Ann")
    assert met_mark("Tell her to unplug it", "Please unplug it now &amp; keep it away.") in page
    assert met_mark("Apologise sincerely", "So sorry, Ms Li.") in page
    assert ESCAPED in page and "<script" not in page.lower()
    zh = trainee_html(load(store, cid, scenario, "zh"), "Ann")
    assert met_mark("真诚致歉", "So sorry, Ms Li.") in zh
    bo_page = trainee_html(data, "Bo")
    assert '<mark class="dk-flag" title="Privacy breach"' in bo_page and ">139-0000-1111</mark>" in bo_page
    assert 'data-key="override"' not in page
    done, _ = override_reply(store, ann, "reply", 2, COMMENT, "Wang Fang", scenarios={scenario.id: scenario})
    date = done.at.date().isoformat()
    old = f"{done.old_points:g}"
    after = load(store, cid, scenario)
    assert f"overridden by Wang Fang on {date}: {old} → 2 points — “{COMMENT}”" in trainee_html(after, "Ann")
    anon = trainee_html(load(store, cid, scenario, "zh"), "Ann", anonymise=True)
    assert f"Wang Fang 于 {date} 改分：{old} → 2 分 ——“学员 01 apologised in her own words”" in anon
    assert "Ann" not in anon


def test_the_report_marks_met_sentences_and_lists_every_override_with_the_reply_escaped(cohort, scenario):
    store, cid, ann, _ = cohort
    html = build_aar(load(store, cid, scenario))
    # a reply quoted as a strength: the sentence that met the criterion marked, labelled as the plan words it
    assert met_mark("Apologise sincerely", "So sorry, Ms Li.") in html
    assert met_mark("Tell her to unplug it", "Unplug it and put it outside.") in html
    assert 'mark.dk-met[data-label]::after{content:" [" attr(data-label) "]"' in html     # the label, drawn
    assert ESCAPED in html and "<script" not in html.lower()
    assert "No trainer has overridden a score." in html
    done, _ = override_reply(store, ann, "reply", 3, COMMENT, "Wang Fang", scenarios={scenario.id: scenario})
    html = build_aar(load(store, cid, scenario))
    section = html[html.index('id="overrides"'):html.index('id="command"')]
    assert 'data-table="overrides"' in section and f'data-attempt="{ann}"' in section
    assert f"overridden by Wang Fang on {done.at.date().isoformat()}: {done.old_points:g} → 3 points" in section
    assert "Reply to her." in section and ESCAPED in section and "<script" not in html.lower()
    zh = build_aar(load(store, cid, scenario, "zh"), anonymise=True)
    section = zh[zh.index('id="overrides"'):zh.index('id="command"')]
    assert "人工改分记录" in zh and "改分：" in section and "回复她。" in section
    assert "Ann" not in zh and "学员 01 apologised" in section and ESCAPED in section


def test_answers_csv_says_which_replies_were_overridden_by_whom_and_why(cohort, scenario, tmp_path):
    store, cid, ann, _ = cohort
    export_csv(load(store, cid, scenario), tmp_path / "before")
    rows = pd.read_csv(tmp_path / "before" / "answers.csv", encoding="utf-8-sig", keep_default_na=False)
    ann_reply = rows[(rows.trainee == "Ann") & (rows.prompt_id == "reply")].iloc[0]
    assert ann_reply.met_by == "sorry: So sorry, Ms Li. | unplug: Please unplug it now & keep it away."
    assert not rows.overridden.any() and set(rows.override_by) == {""}
    done, _ = override_reply(store, ann, "reply", 3, COMMENT, "Wang Fang", scenarios={scenario.id: scenario})
    export_csv(load(store, cid, scenario), tmp_path / "after", anonymise=True)
    rows = pd.read_csv(tmp_path / "after" / "answers.csv", encoding="utf-8-sig", keep_default_na=False)
    mine = rows[(rows.trainee == "Trainee 01") & (rows.prompt_id == "reply")].iloc[0]
    assert mine.overridden and mine.points == 3 and float(mine.old_points) == pytest.approx(done.old_points)
    assert (mine.override_by, mine.override_comment) == ("Wang Fang", "Trainee 01 apologised in her own words")
    assert mine.override_at == done.at.isoformat() and SCRIPT in mine.answer     # CSV: the text as written
    assert rows.overridden.sum() == 1
