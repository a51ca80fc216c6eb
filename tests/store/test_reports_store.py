"""The store's trainer side: cohorts with members (team, role) and assignments (due dates), which attempts count
for which cohort, and live command-drill results — on SQLite and on a throwaway PostgreSQL server."""
import dataclasses
import math
import time
from datetime import date

import pytest
from support import ROOT

from sim.store.results import Store, StoreError


def test_members_with_team_and_role_all_or_nothing(db_url):
    store = Store(db_url)
    cid = store.cohort("Hotline", 2026, pass_mark=0.8)
    assert store.get_cohort(cid).pass_mark == 0.8 and store.get_cohort(cid).label == "Hotline (2026)"
    assert store.add_members(cid, [("Ann", "A", "frontline"), ("Bo", "B", "specialist")]) == \
        {"new": 2, "updated": 0, "same": 0}
    with pytest.raises(StoreError):
        store.add_members(cid, [("Cy", "A", "frontline"), ("  ", "A", None)])
    assert [m.name for m in store.members(cid)] == ["Ann", "Bo"]          # Cy was not added either
    assert store.add_members(cid, [("Ann", "A", "frontline"), ("Bo", "C", "specialist"), ("Cy", None, None)]) == \
        {"new": 1, "updated": 1, "same": 1}
    members = {m.name: m for m in store.members(cid)}
    assert (members["Bo"].team, members["Bo"].role) == ("C", "specialist")
    assert (members["Cy"].team, members["Cy"].role) == (None, None)
    with pytest.raises(StoreError, match="no cohort 99"):
        store.get_cohort(99)
    store.trainee("Dee", cid)                                              # the engine's older way in
    assert [m.name for m in store.members(cid)][-1] == "Dee"


def test_assignments_with_due_dates(db_url):
    store = Store(db_url)
    cid = store.cohort("Hotline", 2026)
    assert store.assign(cid, "s1", date(2026, 3, 31)) == "new"
    assert store.assign(cid, "s2") == "new"
    assert store.assign(cid, "s1", date(2026, 4, 30)) == "updated"
    assert [(a.scenario_id, a.due) for a in store.assignments(cid)] == [("s1", date(2026, 4, 30)), ("s2", None)]
    with pytest.raises(StoreError):
        store.assign(42, "s1")


def test_attempts_count_for_the_cohort_of_their_time(db_url):
    store = Store(db_url)
    early = store.start_attempt("Ann", "s1", "h", "en")                    # before any cohort: the earliest
    old = store.cohort("Hotline", 2025)
    store.add_members(old, [("Ann", "A", "frontline"), ("Bo", "A", "frontline")])
    store.assign(old, "s1")
    a2025 = store.start_attempt("Ann", "s1", "h", "en")
    b_other = store.start_attempt("Bo", "unassigned", "h", "en")
    time.sleep(0.01)
    new = store.cohort("Hotline", 2026)
    store.add_members(new, [("Ann", "A", "frontline")])
    store.assign(new, "s1")
    a2026 = store.start_attempt("Ann", "s1", "h", "en")
    b_later = store.start_attempt("Bo", "s1", "h", "en")                   # Bo is only in the 2025 cohort
    assert {a.id for a in store.cohort_attempts(old)} == {early, a2025, b_later}
    assert {a.id for a in store.cohort_attempts(new)} == {a2026}
    assert b_other not in {a.id for c in (old, new) for a in store.cohort_attempts(c)}


def test_command_results_are_stored_and_attributed(db_url):
    store = Store(db_url)
    old = store.cohort("Duty managers", 2025)
    store.add_members(old, [("Ann", None, "crisis_group")])
    result = {"trainee": "Ann", "scenario_id": "s", "seed": 1, "score": 61.5, "parts": {"timeliness": 30.0},
              "timeliness": [{"trigger": "surge", "held_min": 690.0, "held_clock": "19:30", "activated_min": None,
                              "late_min": None}],
              "kpis": {"trainee": {"satisfaction": math.nan, "abandon_rate": 0.05}}, "feedback": ["x"]}
    first = store.save_command_result("Ann", "s", "hash", "en", result)
    time.sleep(0.01)
    new = store.cohort("Duty managers", 2026)
    store.add_members(new, [("Ann", None, "crisis_group")])
    second = store.save_command_result("Ann", "s", "hash", "zh", {**result, "score": 80.0})
    store.save_command_result("Zed", "s", "hash", "en", {**result, "trainee": "Zed"})
    assert [r.id for r in store.command_results(trainee="Ann")] == [second, first]
    assert [r.id for r in store.command_results(cohort_id=old)] == [first]
    assert [r.id for r in store.command_results(cohort_id=new)] == [second]
    assert len(store.command_results()) == 3
    rec = store.command_results(cohort_id=old)[0]
    assert rec.score == 61.5 and rec.language == "en" and rec.result["kpis"]["trainee"]["satisfaction"] is None
    assert rec.result["timeliness"][0]["held_clock"] == "19:30" and rec.result["kpis"]["trainee"]["abandon_rate"] == 0.05


def test_a_real_command_drill_saves_its_result(tmp_path):
    from sim.drill.command import CommandDrill
    from sim.format.load import load_scenario
    scenario = load_scenario(ROOT / "scenarios" / "product_defect_surge.yaml")
    store = Store(f"sqlite:///{tmp_path / 'c.sqlite'}")
    cid = store.cohort("Duty managers", 2026)
    store.add_members(cid, [("Mei", "Ops", "crisis_group")])
    drill = CommandDrill(scenario, "Mei", store=store, duration="3h", lead_in="1h")
    while not drill.finished:
        board = drill.advance()
        if any(board.triggers.values()) and not board.plan_active:
            drill.decide("activate")
    result = drill.finish()
    [rec] = store.command_results(cohort_id=cid)
    assert rec.trainee == "Mei" and rec.scenario_id == scenario.id and rec.content_hash == scenario.content_hash()
    assert rec.score == result.score
    plain = dataclasses.asdict(result)
    assert rec.result["parts"] == plain["parts"] and rec.result["targets_met"] == plain["targets_met"]
    assert rec.result["timeliness"] == plain["timeliness"] and rec.result["feedback"] == plain["feedback"]
    assert rec.result["timeliness"][0]["late_min"] == 0.0
