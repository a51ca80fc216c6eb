"""Issue 16's trainee, end to end: 8 % on the first try, the key read on the scorecard, a perfect retake. Under a
"first attempt" policy the retake cannot replace the counted attempt; the dashboard's data, the after-action
report and the exports show the counted attempt, its number and the number of attempts, and keep the retake;
practice attempts stay out; a third start is refused; the scorecard shows the key only when the policy allows."""
from datetime import date

import pandas as pd
import pytest
from support.drill import small_scenario

from sim.drill.attempt_policy import AttemptPolicy
from sim.drill.session import DrillSession
from sim.drill.view import trainee_view
from sim.reports import cohort as C
from sim.reports.aar import build_aar
from sim.reports.attempts import policy_text
from sim.reports.export import export_csv
from sim.store.policy import NoAttemptsLeft
from sim.store.results import Store
from sim.ui.scorecard import key_for, scorecard_html

DUE = date(2026, 6, 30)
N = 4                        # yes/no questions; the key says "yes" to each


@pytest.fixture(scope="module")
def scenario(plan):
    prompts = [{"id": f"q{i}", "kind": "yesno", "step": "emergency_handling",
                "question": {"en": f"Notify the crisis group, case {i}?", "zh": f"第 {i} 个案例要通知危机小组吗？"},
                "answer": "yes"} for i in range(N)]
    return small_scenario(plan, [{"id": "alert", "at": "T+00:01", "channel": "internal",
                                  "message": {"en": "Four cases.", "zh": "四个案例。"}, "prompts": prompts}])


def take(store, scenario, name: str, right: int, *, practice: bool = False):
    """One attempt with ``right`` answers of N right; returns (attempt id, scorecard)."""
    session = DrillSession(scenario, name, "en", store.practice() if practice else store)
    if practice:      # the store marked it as it started it (a typed name)
        assert store.contexts([session.attempt_id])[session.attempt_id].practice
    for i in range(N):
        session.answer(f"q{i}", "yes" if i < right else "no")
    return session.attempt_id, session.finish()


@pytest.fixture
def graded(tmp_path, scenario):
    """Ann: 0 % first (the key shown after it), then a perfect retake; Bo: one perfect practice attempt and one
    counted attempt of 50 %."""
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite'}")
    cid = store.cohort("Hotline", 2026)
    store.add_members(cid, [("Ann", "A", "frontline"), ("Bo", "A", "frontline")])
    store.assign(cid, scenario.id, DUE)
    store.set_policy(cid, scenario.id, AttemptPolicy(2, "first", "after_attempt"))
    first, card = take(store, scenario, "Ann", 0)
    key = key_for(store, first, date(2026, 6, 1))
    prompts = {p.id: p for inj in trainee_view(scenario).injects for p in inj.prompts}
    assert key.shown and "Expected: yes." in scorecard_html(card, prompts, scenario, "en", key)   # the key, read
    retake, _ = take(store, scenario, "Ann", N)
    practice, _ = take(store, scenario, "Bo", N, practice=True)
    bo, _ = take(store, scenario, "Bo", N // 2)
    return store, cid, {"first": first, "retake": retake, "practice": practice, "bo": bo}


def load(store, cid, scenario):
    return C.load_cohort(store, cid, {scenario.id: scenario}, today=date(2026, 7, 1))


def test_a_retake_after_the_key_cannot_replace_the_first_attempt(graded, scenario):
    store, cid, ids = graded
    data = load(store, cid, scenario)
    ann = data.cell("Ann", scenario.id)
    assert (ann.attempt_id, ann.attempt_number, ann.attempts, ann.percent, ann.passed) == (ids["first"], 1, 2, 0.0, False)
    assert C.status_line(ann) == "0% not passed · attempt 1 of 2"
    assert store.attempt(ids["retake"]).status == "finished"                     # kept, not counted
    tries = data.tries.set_index("attempt_id")
    assert tries.loc[ids["retake"], "percent"] == 100.0 and not tries.loc[ids["retake"], "counted"]
    assert tries.loc[ids["first"], "counted"]
    with pytest.raises(NoAttemptsLeft, match="all 2 attempts"):                  # a third try is refused
        DrillSession(scenario, "Ann", "en", store)


def test_practice_never_counts_nor_appears(graded, scenario):
    store, cid, ids = graded
    data = load(store, cid, scenario)
    bo = data.cell("Bo", scenario.id)
    assert (bo.attempt_id, bo.attempt_number, bo.attempts, bo.percent) == (ids["bo"], 1, 1, 50.0)
    assert ids["practice"] not in set(data.tries.attempt_id)
    assert store.attempts_left("Bo", scenario.id) == 1


def test_the_policy_in_force_decides_and_nothing_is_lost(graded, scenario):
    store, cid, ids = graded
    store.set_policy(cid, scenario.id, AttemptPolicy(2, "best", "after_attempt"))
    ann = load(store, cid, scenario).cell("Ann", scenario.id)
    assert (ann.attempt_id, ann.attempt_number, ann.percent) == (ids["retake"], 2, 100.0)
    store.set_policy(cid, scenario.id, AttemptPolicy(2, "last", "after_attempt"))
    assert load(store, cid, scenario).cell("Ann", scenario.id).attempt_id == ids["retake"]


def test_the_report_shows_attempts_per_trainee(graded, scenario):
    store, cid, _ = graded
    data = load(store, cid, scenario)
    html = build_aar(data)
    section = html[html.index('data-table="attempts"'):]
    section = section[:section.index("</table>")]
    ann = section[section.index("<td>Ann</td>"):section.index("<td>Bo</td>")]
    assert f'data-key="attempts" data-trainee="Ann" data-scenario="{scenario.id}">2</td>' in ann
    assert "#1 0% not passed</td>" in ann and "#2 100% passed</td>" in ann
    assert ann.index("#1 0% not passed") < ann.index("#2 100% passed")          # counted first, the retake after
    assert policy_text(data.policies[scenario.id], DUE, "en") in html
    assert "first finished attempt counts · at most 2 attempts · key shown after each attempt" in html
    anonymous = build_aar(data, anonymise=True)
    assert "<td>Ann</td>" not in anonymous and 'data-trainee="Ann"' not in anonymous
    zh = build_aar(C.load_cohort(store, cid, {scenario.id: scenario}, lang="zh", today=date(2026, 7, 1)))
    assert "每名学员的演练次数" in zh and "第一次完成的演练计分" in zh


def test_exports_carry_the_counted_attempt_its_number_and_the_attempts(graded, scenario, tmp_path):
    store, cid, ids = graded
    paths = export_csv(load(store, cid, scenario), tmp_path / "csv", anonymise=False)
    assert [p.name for p in paths] == ["scores.csv", "answers.csv", "steps.csv", "improvement_plan.csv",
                                       "attempts.csv"]
    scores = pd.read_csv(tmp_path / "csv" / "scores.csv", encoding="utf-8-sig").set_index("trainee")
    assert scores.loc["Ann", ["attempt_id", "attempt_number", "attempts", "counts", "max_attempts"]].tolist() == \
        [ids["first"], 1, 2, "first", 2]
    answers = pd.read_csv(tmp_path / "csv" / "answers.csv", encoding="utf-8-sig")
    assert set(answers[answers.trainee == "Ann"].attempt_id) == {ids["first"]}
    assert set(answers[answers.trainee == "Ann"].attempt_number) == {1}
    tries = pd.read_csv(tmp_path / "csv" / "attempts.csv", encoding="utf-8-sig")
    assert tries[["trainee", "attempt_id", "attempt_number", "counted", "percent"]].values.tolist() == [
        ["Ann", ids["first"], 1, True, 0.0], ["Ann", ids["retake"], 2, False, 100.0], ["Bo", ids["bo"], 1, True, 50.0]]


@pytest.mark.parametrize("key, today, shown, note", [
    ("after_due", DUE, False, "will be shown after the due date (2026-06-30)"),
    ("after_due", date(2026, 7, 1), True, "The due date (2026-06-30) has passed"),
    ("never", date(2030, 1, 1), False, "are not shown for this drill"),
    ("after_attempt", DUE, True, None)])
def test_the_scorecard_shows_the_key_only_when_the_policy_allows(tmp_path, scenario, key, today, shown, note):
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite'}")
    cid = store.cohort("Hotline", 2026)
    store.add_members(cid, [("Ann", "A", "frontline")])
    store.assign(cid, scenario.id, DUE)
    store.set_policy(cid, scenario.id, AttemptPolicy(None, "first", key))
    attempt, card = take(store, scenario, "Ann", 1)
    prompts = {p.id: p for inj in trainee_view(scenario).injects for p in inj.prompts}
    html = scorecard_html(card, prompts, scenario, "en", key_for(store, attempt, today))
    assert ("Expected: yes." in html) is shown and ("Notify the crisis group" in html) is shown
    assert "25%" in html and "dk-steps" in html                                  # the result and the step ratings
    if note:
        assert note in html and html.count("dk-key-note") == 1
    else:
        assert "dk-key-note" not in html
    zh = scorecard_html(card, prompts, scenario, "zh", key_for(store, attempt, today))
    assert ("第 1 个案例" in zh) is shown


def test_without_a_policy_the_card_is_whole_as_before(scenario, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite'}")
    attempt, card = take(store, scenario, "Zed", 0)
    prompts = {p.id: p for inj in trainee_view(scenario).injects for p in inj.prompts}
    assert scorecard_html(card, prompts, scenario, "en", key_for(store, attempt)) == \
        scorecard_html(card, prompts, scenario, "en")
    assert key_for(object(), attempt).shown                                     # a log without policies


@pytest.mark.parametrize("lang, words", [("en", "No attempt left: Ann has used all 1 attempts"),
                                         ("zh", "没有剩余次数：Ann 已用完")])
def test_the_drill_app_shows_the_refusal_in_one_line(tmp_path, scenario, lang, words):
    """The app's existing error path shows the store's refusal: no traceback, nothing started."""
    from sim.ui.drill_app import DrillApp
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite'}", lang=lang)
    cid = store.cohort("Hotline", 2026)
    store.add_members(cid, [("Ann", "A", "frontline")])
    store.assign(cid, scenario.id, DUE)
    store.set_policy(cid, scenario.id, AttemptPolicy(1, "first", "never"))
    take(store, scenario, "Ann", N)
    app = DrillApp(scenario, language=lang, store=store, signed_in="Ann")
    app.start_button.click()
    shown = app.setup_message.value
    assert words in shown and "Traceback" not in shown and app.session is None
    assert len(store.attempts(trainee="Ann")) == 1
