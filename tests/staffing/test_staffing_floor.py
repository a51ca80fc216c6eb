"""The search staffs the work: the floor (someone on every shift during which work arrives), what holds
each headcount, the target closest to failing on fresh replications, and the progress / cancel hooks.

The searches here run on small models (two days of the M/M/c queue, with a specialist team added where the
floor is tested: runs of ~0.05 s); the flagship's search is in test_staffing_search.py.
"""
import math
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from support import variant

from sim.i18n import t
from sim.simulation.intervals import wilson
from sim.staffing import StaffingError, Target, derive_scenario, find_staffing, unstaffed_teams, workload
from sim.staffing.candidates import RosterSpace, judge
from sim.staffing.floor import WORK_ARRIVES, has_work, shift_work, work_on_shifts
from sim.staffing.result import FLOOR, KEPT, SearchCancelled, worst_target
from sim.staffing.roster import shift_label
from sim.staffing.targets import closeness


@pytest.fixture(scope="module")
def mmc2(mmc):
    return derive_scenario(mmc, horizon=2 * 1440)


_variant = variant


def _with_specialists(mmc2, day=3, night=3):
    """The M/M/c queue where 3 % of complaints are moderate: a specialist resolves them (30 min), on a day
    and a night shift. Minor complaints close at intake, so the overall resolution share hardly depends on
    the specialists: a search on it alone would leave them with nobody."""
    data = mmc2.model_dump(mode="json", by_alias=True)
    return _variant(mmc2, arrivals={**data["arrivals"], "severity": {"default": {"minor": 0.97, "moderate": 0.03}}},
                    staffing={**data["staffing"], "specialist": {"shifts": [
                        {"from": "08:00", "to": "20:00", "staff": day}, {"from": "20:00", "to": "08:00", "staff": night}]}},
                    service_times={**data["service_times"], "specialist": {"resolve": {"exponential": {"mean": "30min"}}}})


# --- the floor, on hand-built hours ---------------------------------------------------------------

def test_a_shift_has_work_when_one_piece_is_more_likely_than_not():
    assert WORK_ARRIVES == pytest.approx(math.log(2))
    assert 1 - math.exp(-WORK_ARRIVES) == pytest.approx(0.5)           # Poisson: P(at least one) = 1/2
    assert has_work(WORK_ARRIVES) and not has_work(np.nextafter(WORK_ARRIVES, 0)) and not has_work(0.0)


def test_work_on_shifts_counts_arrivals_and_carries_work_that_arrives_while_nobody_works():
    day = np.array([[1, 1, 0, 0, 0, 0]], dtype=float)
    night = np.array([[0, 0, 0, 1, 1, 0]], dtype=float)
    both = np.vstack([day, night])
    arrivals = np.array([1.0, 2.0, 4.0, 0.5, 0.25, 8.0])
    # Hour 2 (nobody) waits for the night shift; hour 5 (after the last shift) waits beyond the horizon.
    assert work_on_shifts(arrivals, both, on_call=False).tolist() == [3.0, 4.75]
    # With on-call members the hours nobody works are theirs: the shifts keep their own hours' work.
    assert work_on_shifts(arrivals, both, on_call=True).tolist() == [3.0, 0.75]
    # A shift covering half an hour gets half its arrivals; the uncovered half waits for the next shift.
    half = np.array([[0.5, 0, 1]], dtype=float)
    assert work_on_shifts(np.array([2.0, 1.0, 1.0]), half, on_call=False).tolist() == [4.0]
    # Overlapping shifts are both on when the work arrives: each counts it.
    assert work_on_shifts(np.array([1.0]), np.array([[1.0], [1.0]]), on_call=False).tolist() == [1.0, 1.0]


def test_shift_work_on_the_flagship_and_where_the_plan_says_nobody(flagship):
    table = shift_work(flagship, workload(flagship)).set_index(["team", "label"])
    assert (table["floor"] == 1).all()          # every team the plan routes this crisis to has work on every shift
    assert table.loc[("specialist", "20:00-08:00"), "work"] > 100
    assert "crisis_group" not in table.index.get_level_values("team")   # on call by design: no shift to floor
    # Before the incident (the first 8 hours) the night shifts are not worked: no work, floor 0.
    morning = derive_scenario(flagship, horizon=8 * 60)
    early = shift_work(morning, workload(morning)).set_index(["team", "label"])
    assert early.loc[("specialist", "20:00-08:00"), "work"] == 0
    assert early.loc[("specialist", "20:00-08:00"), "floor"] == 0
    # A shift the scenario staffs with nobody keeps floor 0, whatever its work.
    data = flagship.model_dump(mode="json", by_alias=True)
    data["staffing"]["specialist"]["shifts"][1]["staff"] = 0
    nobody = _variant(flagship, staffing=data["staffing"])
    row = shift_work(nobody, workload(nobody)).set_index(["team", "label"]).loc[("specialist", "20:00-08:00")]
    assert row["work"] > 100 and row["floor"] == 0


def test_the_roster_space_never_goes_below_its_floor():
    space = RosterSpace(team_order=("frontline", "specialist"), searched=[(0, 0), (1, 0), (1, 1)],
                        person={(0, 0): 1.0, (1, 0): 1.0, (1, 1): 1.0}, start=((5,), (3, 2)), ceiling=((12,), (8, 6)),
                        floor=((1,), (1, 0)))
    key = space.start
    assert [space.spare(key, s) for s in space.searched] == [4, 2, 2]
    assert space.minus(key, [(1, 0), (1, 1)], 5) == ((5,), (1, 0))
    assert space.minus(key, [(0, 0)], 1) == ((4,), (3, 2))


# --- the search staffs the work ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def floored(mmc2):
    return find_staffing(_with_specialists(mmc2), {"resolution_on_time": 0.5}, reps=2, verify_reps=3)


def test_a_team_with_work_keeps_someone_on_every_shift_even_when_no_target_needs_them(floored):
    r = floored
    assert "specialist" in r.searched and r.verified
    roster = r.roster.set_index(["team", "shift"])
    for label in ("08:00-20:00", "20:00-08:00"):
        row = roster.loc[("specialist", label)]
        assert row["work"] > 1 and row["floor"] == 1
        assert row["headcount"] == 1 and row["binds"] == FLOOR
    assert unstaffed_teams(r) == []
    # The target alone would have allowed nobody: the same seeds with no specialist still meet it.
    runs = pd.DataFrame([_run(r, {"specialist": (0, 0)}, rep) for rep in range(r.search_reps)])
    assert r.meets(runs)


def _run(result, headcounts, rep):
    from dataclasses import replace

    from sim.simulation.replication import run_kpis
    options = replace(result.options, staffing_overrides={**{k: list(v) for k, v in result.headcounts.items()},
                                                           **{k: list(v) for k, v in headcounts.items()}})
    return run_kpis(result.scenario, result.seed, rep, options)


def test_a_shift_the_scenario_leaves_empty_may_stay_empty_and_is_reported(mmc2):
    r = find_staffing(_with_specialists(mmc2, night=0), {"resolution_on_time": 0.5}, reps=2, verify_reps=3)
    roster = r.roster.set_index(["team", "shift"])
    night = roster.loc[("specialist", "20:00-08:00")]
    assert night["floor"] == 0 and night["headcount"] == 0 and night["binds"] == ""
    assert night["work"] >= WORK_ARRIVES
    ((team, work),) = unstaffed_teams(r)
    assert team == "specialist" and work == pytest.approx(night["work"])


def test_what_holds_a_headcount_is_the_target_one_person_fewer_misses(mmc2):
    r = find_staffing(_with_specialists(mmc2), {"mean_wait_min": 3.0, "abandon_rate": 0.1}, reps=2, verify_reps=3,
                      seed=3)
    frontline, *specialists = r.roster.itertuples()
    assert frontline.binds == "mean_wait_min"     # nobody hangs up here: only the wait can fail
    assert frontline.binds_margin < 0
    fewer = pd.DataFrame([_run(r, {"frontline": (frontline.headcount - 1,)}, rep) for rep in range(r.search_reps)])
    met, margins = judge(fewer, r.targets, r.confidence)
    assert not met and margins["mean_wait_min"] < 0 <= margins["abandon_rate"]
    # A team the targets do not depend on is not searched: it keeps the scenario's headcount, and says so.
    assert r.searched == ("frontline",)
    assert [(s.team, s.headcount, s.binds) for s in specialists] == [("specialist", 3, KEPT)] * 2


# --- the worst target on fresh replications ---------------------------------------------------------

def test_closeness_is_the_margin_over_the_room_to_the_best_value():
    assert closeness(Target("resolution_on_time", 0.9), 0.05) == pytest.approx(0.5)     # room 0.1
    assert closeness(Target("abandon_rate", 0.1, "<="), -0.05) == pytest.approx(-0.5)   # room 0.1 (down to 0)
    assert closeness(Target("mean_wait_min", 4.0, "<="), 1.0) == pytest.approx(0.25)
    assert closeness(Target("resolution_on_time", 0.9), 0.0) == 0                       # on the target
    assert closeness(Target("resolution_on_time", 1.0), 0.0) == 0                       # no room: the margin


def test_worst_target_is_the_one_whose_bound_is_closest_to_failing():
    runs = pd.DataFrame({"mean_wait_min": [4.0] * 4, "staff_cost": [500.0] * 4,
                         "resolution_on_time": [0.9] * 4, "n:resolution_on_time": [100.0] * 4})
    targets = {"mean_wait_min": Target("mean_wait_min", 5.0, "<="), "staff_cost": Target("staff_cost", 1000.0, "<="),
               "resolution_on_time": Target("resolution_on_time", 0.8)}
    w = worst_target(runs, targets, 0.95)
    # No spread: the t bound of the wait is its mean (closeness 1/5); the share's bound is Wilson on 360 of 400.
    low = wilson(360, 400, 0.95)[0]
    expected = min([("mean_wait_min", 0.2), ("staff_cost", 0.5), ("resolution_on_time", (low - 0.8) / 0.2)],
                   key=lambda kv: kv[1])[0]
    assert w["kpi"] == expected == "mean_wait_min"
    assert w["mean"] == 4.0 and w["bound"] == 4.0 and w["margin"] == 1.0 and w["n"] == 4
    # Tighten the share's target until it is the closest: its Wilson bound is reported.
    w = worst_target(runs, {**targets, "resolution_on_time": Target("resolution_on_time", 0.88)}, 0.95)
    assert w["kpi"] == "resolution_on_time" and w["bound"] == pytest.approx(low) and w["mean"] == pytest.approx(0.9)
    assert worst_target(runs, {}, 0.95) is None


def test_the_search_reports_its_worst_target_over_the_verification(floored):
    w = floored.worst
    summary = floored.summary.set_index("kpi")
    assert w["kpi"] == "resolution_on_time" and w["n"] == len(floored.verify_reps) == 3
    assert w["mean"] == pytest.approx(summary.loc["resolution_on_time", "mean"])
    assert w["bound"] == pytest.approx(summary.loc["resolution_on_time", "ci_low"])     # the bound the table shows
    assert w["margin"] == pytest.approx(w["bound"] - 0.5) and w["margin"] >= 0


# --- the note and the labels, in both languages -------------------------------------------------------

def test_unstaffed_teams_are_shifts_with_work_and_nobody_on_them():
    roster = pd.DataFrame({"team": ["a", "a", "b", "c"], "headcount": [0, 0, 1, 0],
                           "work": [WORK_ARRIVES, 5.0, 9.0, np.nextafter(WORK_ARRIVES, 0)]})
    assert unstaffed_teams(SimpleNamespace(roster=roster)) == [("a", pytest.approx(WORK_ARRIVES + 5.0))]


def test_the_note_suggests_no_target():
    for lang in ("en", "zh"):
        assert "--target" not in t("staff.unstaffed", lang, team="x", tasks=3)


def test_shift_labels_in_chinese(flagship):
    production = flagship.staffing["production"].shifts[0]
    assert shift_label(production) == "08:00-18:00 mon-fri"
    assert shift_label(production, "zh") == "08:00-18:00 周一至周五"
    weekend = production.model_copy(update={"days": ("sat", "sun")})
    assert shift_label(weekend, "zh") == "08:00-18:00 周六、周日"


def test_the_cli_names_teams_targets_and_floors_in_chinese(flagship):
    from sim.cli.staff import binds_text, team_name
    plan = flagship.plan
    assert team_name("specialist", plan, "en") == "specialist"
    assert team_name("specialist", plan, "zh") == plan.roles["specialist"].name.get("zh")
    assert binds_text("resolution_on_time.moderate", plan, "en") == "resolution_on_time.moderate"
    assert binds_text("resolution_on_time.moderate", plan, "zh") == "中度投诉72小时内解决"
    assert binds_text(FLOOR, plan, "zh") == t("staff.binds.floor", "zh") and binds_text("", plan, "zh") == "—"


# --- progress and cancel -----------------------------------------------------------------------------

def test_progress_is_called_after_every_candidate_judged(mmc2):
    rows = []
    r = find_staffing(mmc2, {"mean_wait_min": 3.0}, reps=2, verify_reps=3, seed=3, progress=rows.append)
    assert len(rows) == r.candidates == len(r.trace)
    assert [row["evaluated"] for row in rows] == list(range(1, r.candidates + 1))
    assert {"stage", "evaluated", "cost", "feasible"} <= set(rows[0])
    assert {row["stage"] for row in rows} <= {"feasible", "descend", "verify", "binding"}
    assert rows[0]["stage"] == "feasible" and rows[-1]["stage"] == "verify" and rows[-1]["feasible"]
    assert [row["feasible"] for row in rows] == list(r.trace["met"])
    assert [row["cost"] for row in rows] == list(r.trace["cost"])


@pytest.mark.parametrize("where", ["here", "threads"])
def test_should_stop_cancels_the_search_between_runs(mmc2, where, monkeypatch):
    """Stopped after the third candidate: one run at a time here (one core), or a batch on a pool whose
    runs not started are cancelled."""
    seen = []
    if where == "here":
        monkeypatch.setattr("sim.staffing.candidates.default_workers", lambda: 1)
    with ThreadPoolExecutor(2) if where == "threads" else nullcontext() as ex, \
            pytest.raises(SearchCancelled) as exc:
        find_staffing(mmc2, {"mean_wait_min": 3.0}, reps=2, verify_reps=3, seed=3, executor=ex,
                      progress=seen.append, should_stop=lambda: len(seen) >= 3)
    assert isinstance(exc.value, StaffingError) and str(exc.value) == t("staff.cancelled")
    assert len(seen) == 3                          # nothing judged after the stop
    with pytest.raises(SearchCancelled, match="排班搜索已取消"):
        find_staffing(mmc2, {"mean_wait_min": 3.0}, reps=2, verify_reps=3, progress=seen.append,
                      should_stop=lambda: True, lang="zh")
    assert len(seen) == 3                          # stopped before the first run
