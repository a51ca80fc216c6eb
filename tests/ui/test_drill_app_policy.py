"""The trainee's scorecard in the app follows the assignment's attempt policy: with the key withheld, the
result and a note, not the questions' answers (sim.drill.attempt_policy, sim.ui.scorecard.key_for)."""
from support.drill import yesno_scenario_file

from sim.drill.attempt_policy import AttemptPolicy
from sim.format.load import load_scenario
from sim.store.results import Store
from sim.ui.drill_app import DrillApp


def finished_card(db, clock, tmp_path, key_shown):
    path = yesno_scenario_file(tmp_path / "one.yaml", 1)
    scenario_id = load_scenario(path).id
    store = Store(db)
    cohort = store.cohort("Hotline team", 2026)
    store.add_members(cohort, [("Ann Lee", None, None)])
    store.assign(cohort, scenario_id)
    store.set_policy(cohort, scenario_id, AttemptPolicy(None, "first", key_shown))
    app = DrillApp(path, store=Store(db), clock=clock, signed_in="Ann Lee")
    app.start_button.click()
    panel = app.current_panel
    panel.input.value = "no"                             # wrong: the review would give the answer
    panel.submit.click()
    assert app.scorecard is not None
    return app.card_html.value


def test_the_key_is_withheld_when_the_assignment_says_never(db, clock, tmp_path):
    card = finished_card(db, clock, tmp_path, "never")
    assert "The answer key and model answers are not shown for this drill" in card
    assert "Question 0?" not in card                     # no per-question review


def test_the_key_is_shown_after_the_attempt_when_the_assignment_allows_it(db, clock, tmp_path):
    card = finished_card(db, clock, tmp_path, "after_attempt")
    assert "not shown for this drill" not in card
    assert "Question 0?" in card
