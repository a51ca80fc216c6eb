"""Two trainees of one cohort see the options in different orders, in the drill session, the trainee app and
the terminal drill, and each is scored right: what is stored is the option chosen, never its position."""
from __future__ import annotations

import re

import pytest
from support import SCENARIOS

from sim import load_scenario
from sim.drill.session import DrillSession
from sim.drill.variants import option_order
from sim.drill.view import trainee_view
from sim.store.results import Store

KEY = "product_quality"                    # the flagship's first question: which category is this complaint?
WRITTEN = ("product_quality", "logistics", "service_attitude", "other")     # its options as the file lists them


@pytest.fixture(scope="module")
def flagship():
    return load_scenario(SCENARIOS / "product_defect_surge.yaml")


@pytest.fixture
def cohort_store(tmp_path, flagship):
    """A results store with the cohort "Hotline team" (Ann and Bob) assigned the flagship drill."""
    store = Store(f"sqlite:///{tmp_path / 'drills.sqlite'}")
    cohort = store.cohort("Hotline team")
    for name in ("Ann", "Bob"):
        store.trainee(name, cohort)
    store.assign(cohort, flagship.id)
    return store, cohort


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_two_trainees_of_one_cohort_see_different_orders_and_are_scored_right(flagship, cohort_store):
    store, cohort = cohort_store
    assert tuple(o.id for o in flagship.drill.prompts()[0].options) == WRITTEN
    ann, bob = (DrillSession(flagship, name, store=store) for name in ("Ann", "Bob"))
    assert {a.id for a in store.cohort_attempts(cohort)} == {ann.attempt_id, bob.attempt_id}
    ann_sees, bob_sees = ann.next_prompt().option_ids(), bob.next_prompt().option_ids()
    assert ann_sees != bob_sees and sorted(ann_sees) == sorted(bob_sees)
    assert ann_sees == option_order(WRITTEN, ann.attempt_id, "category")        # the attempt's own order
    # "The right one is the Nth": Ann's position picks another option on Bob's screen.
    position = ann_sees.index(KEY)
    assert bob_sees[position] != KEY
    for session, seen in ((ann, ann_sees), (bob, bob_sees)):
        session.answer("category", seen[seen.index(KEY)])          # each picks the right one on their own screen
        assert store.answers(session.attempt_id)[0].value == KEY
        card = session.finish()
        assert card.prompt("category").points == 1.0 and card.steps["receive_and_record"].max_points > 0
    # Reviewed later, each attempt shows its own order again.
    for session, seen in ((ann, ann_sees), (bob, bob_sees)):
        review = trainee_view(flagship, attempt_id=session.attempt_id).injects[0].prompts[0]
        assert review.option_ids() == seen


def test_the_trainee_app_shows_each_trainee_their_order_and_stores_the_option(flagship, cohort_store):
    from sim.ui.drill_app import DrillApp
    store, _ = cohort_store
    shown = {}
    for name in ("Ann", "Bob"):
        app = DrillApp(flagship, store=store, clock=Clock())
        app.name.value = name
        app.start_button.click()
        panel = app.current_panel
        assert panel.prompt.id == "category"
        shown[name] = [oid for _label, oid in panel.input.options]          # the radio buttons, top to bottom
        assert shown[name] == list(option_order(WRITTEN, app.session.attempt_id, "category"))
        panel.input.value = KEY                                           # the trainee clicks the right label
        panel.submit.click()
        assert panel.locked, panel.message.value
        assert store.answers(app.session.attempt_id)[0].value == KEY
        assert app.session.finish().prompt("category").points == 1.0
    assert shown["Ann"] != shown["Bob"]


def test_the_terminal_drill_numbers_each_trainees_own_order(flagship, cohort_store):
    from sim.cli.drill import Runner, _load_engine
    _load_engine()
    store, _ = cohort_store
    lists = {}
    for name in ("Ann", "Bob"):
        session = DrillSession(flagship, name, store=store)
        out: list[str] = []

        def typed(_prompt, out=out):
            """The trainee reads the numbered list on screen and types the number of the right option."""
            listed = [line.strip() for line in out if re.match(r"\s+\d+\. ", line)]
            return next(line.split(".")[0] for line in listed if line.endswith("Product quality"))
        Runner(session, "resume", read=typed, write=out.append).ask(session.next_prompt())
        lists[name] = [line.strip() for line in out if re.match(r"\s+\d+\. ", line)]
        assert len(lists[name]) == 4
        assert store.answers(session.attempt_id)[0].value == KEY     # the option the number stood for
        assert session.finish().prompt("category").points == 1.0
    assert lists["Ann"] != lists["Bob"]
