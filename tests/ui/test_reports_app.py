"""The trainer dashboard without a browser: widgets built from a store, values set, buttons clicked (ipywidgets 8
runs handlers synchronously), and trainee text escaped in every HTML widget."""
import re

import pytest
import yaml
from support.drill import ROOT
from support.reports import ESCAPED, N_SCRIPTED, load

from sim.reports.demo import generate_cohort, scripted_trainees
from sim.store.results import Store
from sim.ui.trainer import TABS, TrainerApp


@pytest.fixture(scope="module")
def shared_app(big, tmp_path_factory):
    return TrainerApp(big.store, cohort_id=big.cohort_id, today=big.today, out_dir=tmp_path_factory.mktemp("app"))


@pytest.fixture
def app(shared_app, big):
    """The dashboard on this year's cohort, in English, names shown (whatever an earlier test changed)."""
    shared_app.anonymise.value = False
    shared_app.language.value = "en"
    shared_app.cohort.value = big.cohort_id
    return shared_app


def test_the_dashboard_shows_the_selected_cohort(app, big):
    people = big.trainees
    assert app.cohort.value == big.cohort_id
    assert next(label for label, _ in app.cohort.options).startswith(f"Hotline team ({big.today.year})")
    assert "20 trainees, 3 scenarios assigned: 20 have started, 18 have finished all, 2 are overdue" in \
        app.progress.value
    for img in (app.heatmap, app.steps_plot, app.compare_plot):
        assert img.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert 'data-table="steps"' in app.steps.value and 'data-table="missed"' in app.missed.value
    assert f"Hotline team ({big.today.year - 1})" in app.compare.value
    assert "min late (trigger held at" in app.command.value and people[1].name in app.command.value
    assert [v for _, v in app.trainee.options] == [p.name for p in people]
    assert len(app.tabs.children) == len(app.tabs.titles) == 10
    assert 'data-table="attempts"' in app.progress.value         # attempts per trainee, under the progress


def test_drill_down_escapes_trainee_text(app, big):
    people = big.trainees
    app.trainee.value = people[0].name
    assert ESCAPED in app.detail.value and "<script" not in app.detail.value.lower()
    assert 'data-table="answers"' in app.detail.value
    assert ESCAPED in app.missed.value                  # quoted as a reply that missed a criterion
    for widget in (app.progress, app.scores, app.steps, app.missed, app.compare, app.command, app.detail):
        assert "<script" not in widget.value.lower()
    app.trainee.value = people[N_SCRIPTED + 1].name
    assert people[N_SCRIPTED + 1].name in app.detail.value and ESCAPED not in app.detail.value


def test_switching_cohort(app, big):
    app.cohort.value = big.last_id
    assert "6 trainees" in app.progress.value and "No earlier cohort" in app.compare.value
    assert app.trainee.value == big.trainees[0].name and app.command.value.count("<tr>") == 0


def test_write_aar_button(app, big, tmp_path):
    app.aar_path.value = str(tmp_path / "report.html")
    app.aar_csv.value = True
    app.anonymise.value = True
    app.aar_button.click()
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "After-Action Report / Improvement Plan" in html and ESCAPED in html
    assert all(p.name not in html for p in big.trainees)
    assert (tmp_path / "report_csv" / "scores.csv").exists()
    assert "report.html" in app.aar_done.value
    app.aar_path.value = str(tmp_path / "report.html" / "inside-a-file.html")
    assert app.write_aar() is None and "cannot write" in app.aar_done.value    # reported, not raised


def test_anonymise_and_language(app, big):
    app.anonymise.value = True
    for widget in (app.progress, app.scores, app.missed, app.command, app.detail):
        for p in big.trainees:
            assert p.name not in widget.value, (p.name, widget)
    assert [label for label, _ in app.trainee.options] == [f"Trainee {i:02d}" for i in range(1, 21)]
    app.language.value = "zh"
    assert app.tabs.titles[0] == "进度" and "名学员" in app.progress.value and "学员 01" in app.progress.value
    assert app.aar_button.description == "生成总结报告"


def test_rescore_button_after_a_rubric_change(tmp_path):
    from sim.format.load import scenario_from_dict
    store = Store(f"sqlite:///{tmp_path / 'r.sqlite'}")
    original = load("digital_service_outage")
    cid = generate_cohort(store, "Rescore", 2026, [original], scripted_trainees(3, seed=6), in_progress=0,
                          not_started=0)
    data = yaml.safe_load((ROOT / "scenarios" / "digital_service_outage.yaml").read_text())
    data["drill"]["pass_mark"] = 0.5
    changed = scenario_from_dict(data, original.plan)
    app = TrainerApp(store, cohort_id=cid, scenarios={changed.id: changed}, out_dir=tmp_path)
    assert app.data.results.stale.all()                 # scored against the earlier version
    assert re.search(r"\d+( ✗)? \*</td>", app.scores.value)
    before = {a.id: len(store.scores(a.id)) for a in store.cohort_attempts(cid)}
    app.rescore_button.click()
    assert len(app.last_rescore) == 3 and 'data-table="rescored"' in app.rescored.value
    assert all(len(store.scores(r.attempt_id)) == before[r.attempt_id] + 1 for r in app.last_rescore)
    assert not app.data.results.stale.any() and not re.search(r"\d+( ✗)? \*</td>", app.scores.value)
    app.rescore_button.click()
    assert app.last_rescore == [] and "Nothing to re-score" in app.rescored.value
    app.rescore_all.value = True
    app.rescore_button.click()
    assert len(app.last_rescore) == 3 and all(len(store.scores(a)) == before[a] + 2 for a in before)


def test_rescore_when_a_scenario_lost_its_drill_is_a_message_not_a_crash(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'r.sqlite'}")
    original = load("digital_service_outage")
    cid = generate_cohort(store, "No drill", 2026, [original], scripted_trainees(2, seed=3), in_progress=0,
                          not_started=0)
    app = TrainerApp(store, cohort_id=cid, scenarios={original.id: original}, out_dir=tmp_path)
    app.scenarios = {original.id: original.model_copy(update={"drill": None})}
    before = {a.id: len(store.scores(a.id)) for a in store.cohort_attempts(cid)}
    app.rescore_all.value = True
    app.rescore_button.click()
    assert app.last_rescore == [] and original.id in app.rescored.value
    assert {a: len(store.scores(a)) for a in before} == before      # nothing stored


def test_an_empty_store(tmp_path):
    app = TrainerApp(Store(f"sqlite:///{tmp_path / 'empty.sqlite'}"))
    assert app.cohort.options == () and "no cohorts yet" in app.message.value
    app.aar_button.click()
    app.rescore_button.click()


# --- overriding a reply's points --------------------------------------------------------------------------------

def test_override_a_reply_from_the_drill_down(tmp_path, plan):
    from support.overrides import ESCAPED as MARKED_SCRIPT
    from support.overrides import GOOD_REPLY, finished_attempt, hand_card, met_mark, reply_scenario
    store = Store(f"sqlite:///{tmp_path / 'o.sqlite'}")
    scenario = reply_scenario(plan)
    cid = store.cohort("Overrides", 2026)
    store.add_members(cid, [("Ann", "A", None), ("Bo", "A", None)])
    store.assign(cid, scenario.id)
    ann = finished_attempt(store, scenario, "Ann", {"grade": "major", "reply": GOOD_REPLY, "public": "Sorry."},
                           hand_card(scenario))
    app = TrainerApp(store, cohort_id=cid, scenarios={scenario.id: scenario}, out_dir=tmp_path)
    app.trainee.value = "Ann"
    assert met_mark("Apologise sincerely", "So sorry, Ms Li.") in app.detail.value and MARKED_SCRIPT in app.detail.value
    assert [v for _, v in app.override_reply.options] == [(ann, "reply"), (ann, "public")]
    assert app.override_reply.options[0][0] == "A small scenario — Reply to her. (4/4)"
    app.override_points.value, app.override_comment.value, app.override_by.value = 9.0, "why", "Wang Fang"
    app.override_button.click()                                         # out of range: shown, nothing stored
    assert "points: 9 is out of range: reply is worth 0 to 4 points" in app.override_message.value
    app.override_points.value, app.override_comment.value = 2.5, "  "
    app.override_button.click()
    assert "comment:" in app.override_message.value and store.overrides(ann) == []
    app.override_comment.value = "Apology and safety, in her own words"
    app.override_button.click()
    [done] = store.overrides(ann)
    assert (done.points, done.by) == (2.5, "Wang Fang") and "→ 2.5 points, overridden by Wang Fang" in \
        app.override_message.value
    assert "overridden by Wang Fang on" in app.detail.value and app.override_comment.value == ""
    app.rescore_all.value = True
    app.rescore_button.click()                                          # a re-score keeps the override
    assert len(app.last_rescore) == 1
    rows = app.data.prompts
    assert rows[(rows.trainee == "Ann") & (rows.prompt_id == "reply")].points.iloc[0] == 2.5
    app.language.value = "zh"
    assert app.override_button.description == "改分" and "改分：" in app.detail.value
    app.override_points.value = -1.0
    app.override_comment.value = "再核对"
    app.override_button.click()
    assert "分数：-1 超出范围" in app.override_message.value and len(store.overrides(ann)) == 1
    app.trainee.value = "Bo"                                            # nothing finished: nothing to override
    assert app.override_reply.options == () and app.override_button.disabled
    assert "没有可改分" in app.override_message.value


# --- assigning with an attempt policy -------------------------------------------------------------------------

def test_assign_form_sets_due_date_and_policy_and_the_dashboard_shows_attempts(tmp_path):
    from datetime import date

    from sim.drill.attempt_policy import AttemptPolicy
    store = Store(f"sqlite:///{tmp_path / 'a.sqlite'}")
    scenario = load("digital_service_outage")
    cid = generate_cohort(store, "Assign", 2026, [scenario], scripted_trainees(2, seed=5), in_progress=0,
                          not_started=0)
    app = TrainerApp(store, cohort_id=cid, scenarios={scenario.id: scenario}, out_dir=tmp_path)
    form = app.assign_form
    assert app.tabs.titles[TABS.index("assign")] == "Assign" and form.box is app.tabs.children[TABS.index("assign")]
    assert "product-defect-surge" in [v for _, v in form.scenario.options]      # the library's drills
    form.scenario.value = scenario.id                                           # assigned: its policy shown
    assert (form.limit.value, form.counts.value, form.key.value) == (False, "last", "after_attempt")
    assert "attempt 1 of 1" in app.progress.value and 'data-table="attempts"' in app.progress.value
    form.limit.value, form.max_attempts.value = True, 2
    form.counts.value, form.key.value, form.due.value = "first", "after_due", None
    form.button.click()                                                         # after the due date, but none
    assert "needs a due date" in form.message.value and store.policy_history(cid, scenario.id) == []
    form.due.value = date(2026, 6, 30)
    form.button.click()
    assert store.policy(cid, scenario.id) == AttemptPolicy(2, "first", "after_due")
    assert [a.due for a in store.assignments(cid)] == [date(2026, 6, 30)]
    assert "first finished attempt counts · at most 2 attempts · key shown after the due date (2026-06-30)" in \
        form.message.value and "retake" not in form.message.value
    assert "first finished attempt counts · at most 2 attempts" in app.progress.value     # redrawn
    form.limit.value, form.counts.value, form.key.value = False, "best", "after_attempt"
    form.button.click()
    assert "Note: a trainee can read the key" in form.message.value
    assert [p for _, p in store.policy_history(cid, scenario.id)] == [
        AttemptPolicy(2, "first", "after_due"), AttemptPolicy(None, "best", "after_attempt")]
    app.language.value = "zh"
    assert form.button.description == "分配" and ("成绩最好的一次计分", "best") in form.counts.options
    form.scenario.value = "product-defect-surge"                                # not assigned yet: the defaults
    assert (form.limit.value, form.counts.value, form.due.value) == (False, "last", None)
    form.button.click()
    assert [a.scenario_id for a in store.assignments(cid)] == [scenario.id, "product-defect-surge"]
    assert "注意" in form.message.value
