"""The plan-level start (sim.staffing.plan_start) and the shortcut it allows for unreachable targets.

Hand-built cases with known answers at their boundaries: the fluid backlog's deadline (on time at exactly
the target, late a minute before), the combination of hour predictions over the horizon (weights by grade,
by synchronous contacts and by majors), the frontline slack against the hour model's own checks (met at
the target, missed just past it), the descent on a toy slack; then the M/M/c model (one shift, flat
traffic: the plan-level start is Erlang C's answer) and the flagship (analytic only, no simulation). The
last tests drive the search's unreachable stage with a stub evaluator (no simulation either).
"""
import math

import numpy as np
import pandas as pd
import pytest

from sim.staffing import Target, derive_scenario, fewest_servers, warm_start
from sim.staffing.candidates import Judgement, RosterSpace, judge
from sim.staffing.floor import work_floor
from sim.staffing.frontline_hour import HourPrediction, frontline_checks, frontline_hour
from sim.staffing.plan_start import (
    descend,
    fluid_on_time,
    frontline_slack,
    plan_prediction,
    plan_roster,
    settle,
    team_requirement,
)
from sim.staffing.search import _Search
from sim.staffing.targets import resolve_targets
from sim.staffing.warm_start import frontline_duty


@pytest.fixture(scope="module")
def mmc2(mmc):
    return derive_scenario(mmc, horizon=2 * 1440)


# --- the fluid backlog ------------------------------------------------------------------------------

def test_fluid_deadline_is_met_at_exactly_the_target_and_missed_a_minute_before():
    # 4 tasks of 30 min arrive in hour 0 (2 Erlangs), one agent: the middle task (minute 30) is done when
    # half the work is (60 agent-minutes: minute 60) plus its own 30 minutes, 60 minutes after arriving.
    tasks, work, one = np.array([4.0, 0, 0]), np.array([2.0, 0, 0]), np.ones(3)
    assert fluid_on_time(tasks, work, one, within=60, cap=1.0) == 1.0
    assert fluid_on_time(tasks, work, one, within=59, cap=1.0) == 0.0
    # Agents busy half the time take twice as long to reach the middle of the work: minute 120, +30.
    assert fluid_on_time(tasks, work, one, within=120, cap=0.5) == 1.0
    assert fluid_on_time(tasks, work, one, within=119, cap=0.5) == 0.0


def test_fluid_shares_count_tasks_and_work_left_after_the_last_hour_is_late():
    # Hour 0: 1 one-minute task, done at once; hour 1: 3 tasks, 3 Erlangs. The agent idle in hour 0 cannot
    # bank that hour: the middle task of hour 1 (minute 90) needs 91 agent-minutes done: minute 150, plus
    # its 60 minutes of handling: 120 minutes after it arrived.
    tasks, work, agents = np.array([1.0, 3.0]), np.array([1 / 60, 3.0]), np.ones(4)
    assert fluid_on_time(tasks, work, agents, within=120, cap=1.0) == pytest.approx(1.0)
    assert fluid_on_time(tasks, work, agents, within=119, cap=1.0) == pytest.approx(0.25)
    # Agents for two hours only: the second hour's work is not done within them: late, whatever the target.
    assert fluid_on_time(tasks, work, agents[:2], within=10**6, cap=1.0) == pytest.approx(0.25)
    assert fluid_on_time(np.zeros(3), np.zeros(3), np.zeros(3), within=1, cap=1.0) == 1.0   # no tasks: nothing late


def test_a_team_is_judged_within_the_longest_target_of_its_targeted_grades(flagship):
    wl = warm_start(flagship).workload
    plan = flagship.plan
    share, within = team_requirement(wl, resolve_targets(flagship), plan, "specialist")
    assert share == 0.9 and within == 72 * 60               # moderate: 72 h (major, 24 h, is served first)
    only_major = {"resolution_on_time.major": Target("resolution_on_time.major", 0.8)}
    assert team_requirement(wl, only_major, plan, "specialist") == (0.8, 24 * 60)
    assert team_requirement(wl, only_major, plan, "crisis_group_nobody") is None


# --- frontline: hour predictions combined over the horizon ------------------------------------------

def _hour(lam, sl, abandon=0.0, sync=1.0, notify=math.nan, wait=0.0):
    lam, sl = np.array(lam, dtype=float), np.array(sl, dtype=float)
    return HourPrediction(lam, sl, float((lam * sl).sum() / lam.sum()), 1.0, abandon, sync, 0.5, wait, notify, "Erlang A")


def test_hours_combine_by_grade_by_synchronous_contacts_and_by_majors():
    quiet = _hour([1, 0, 1], [1.0, 0, 1.0], abandon=0.0, sync=1.0, notify=1.0, wait=1.0)
    busy = _hour([3, 2, 3], [0.6, 0.5, 0.8], abandon=0.2, sync=4.0, notify=0.5, wait=3.0)
    m = plan_prediction([quiet, None, busy])
    assert m.sl == pytest.approx([0.7, 0.5, 0.85])            # (1*1 + 3*0.6)/4, busy only, (1 + 2.4)/4
    assert m.abandon == pytest.approx(0.8 / 5)                # 0.2 x 4 synchronous of 5
    assert m.notify == pytest.approx((1 * 1.0 + 3 * 0.5) / 4)   # weighted by majors
    assert m.mean_wait == pytest.approx((2 * 1.0 + 8 * 3.0) / 10)
    assert math.isnan(plan_prediction([_hour([1, 0, 0], [1, 0, 0])]).notify)   # no majors: nothing to judge
    assert plan_prediction([None, None]) is None


def test_frontline_slack_is_zero_at_the_target_and_agrees_with_the_hour_checks(mmc2):
    wl = warm_start(mmc2).workload
    per_person, extra = frontline_duty(mmc2, wl)
    staff = (lambda c: np.array([c], dtype=float) @ per_person + extra)
    wait5 = frontline_hour(wl, 0, 5.0, mmc2.plan).mean_wait       # flat traffic: every hour the same
    for value, met in ((wait5 * (1 + 1e-9), True), (wait5 * (1 - 1e-9), False)):
        targets = {"mean_wait_min": Target("mean_wait_min", value, "<=")}
        slack = frontline_slack(wl, mmc2.plan, targets)
        assert (slack(staff(5)) >= 0) is met
        checks = frontline_checks(targets, wl.notify_share)
        assert all(c(frontline_hour(wl, 0, 5.0, mmc2.plan)) for c in checks) is met
        assert slack(staff(6)) > 0 > slack(staff(4))
    assert frontline_slack(wl, mmc2.plan, {"satisfaction": Target("satisfaction", 0.9)}) is None   # not judged


# --- the descent and the roster -----------------------------------------------------------------------

def test_descend_and_settle_stop_at_the_last_roster_meeting_the_slack():
    def slack(c):                       # needs 6 people in all and 2 on shift 0
        return min(sum(c) - 6, c[0] - 2)
    assert descend((5, 5), slack, person=[1.0, 1.0], least=[0, 0]) == (3, 3)      # fuller shift first
    assert descend((5, 5), slack, person=[1.0, 2.0], least=[0, 2]) == (4, 2)      # dearer first, to its floor
    assert descend((1, 1), slack, person=[1.0, 1.0], least=[0, 0]) == (1, 1)      # not met: left to the search
    climbed = settle((0, 0), slack, person=[1.0, 1.0], least=[0, 0], most=(9, 9))
    assert slack(climbed) == 0 and sum(climbed) == 6            # up to the targets, no further
    assert settle((0, 0), slack, person=[1.0, 1.0], least=[0, 0], most=(1, 3)) == (1, 3)   # capped: most


def test_plan_start_on_mmc_is_erlang_cs_answer(mmc2):
    """One shift, the same traffic every hour: the targets over the horizon ask what every hour asks."""
    for wait in (5.0, 1.0, 0.2):
        targets = resolve_targets(mmc2, {"mean_wait_min": wait})
        ws = warm_start(mmc2, targets)
        start = plan_roster(mmc2, ws, targets, work_floor(mmc2, ws.workload))
        assert start["frontline"] == (fewest_servers(24 / 60, 1 / 10, target_wait=wait),) == ws.roster["frontline"]


def test_flagship_plan_start_is_cheaper_and_one_fewer_misses_by_the_model(flagship):
    targets = resolve_targets(flagship)
    ws = warm_start(flagship, targets)
    least = work_floor(flagship, ws.workload)
    start = plan_roster(flagship, ws, targets, least)
    for team in ws.teams:
        assert all(f <= n <= h for n, h, f in zip(start[team], ws.roster[team], least[team])), team
    assert sum(start["frontline"]) < sum(ws.roster["frontline"]) and sum(start["specialist"]) < 10
    wl = ws.workload
    slack = frontline_slack(wl, flagship.plan, targets)
    per_person, extra = frontline_duty(flagship, wl)
    counts = np.array(start["frontline"], dtype=float)
    assert slack(counts @ per_person + extra) >= 0
    for k in range(len(counts)):       # the descent stopped: one fewer on any frontline shift misses
        fewer = counts.copy()
        fewer[k] -= 1
        assert slack(fewer @ per_person + extra) < 0, k


# --- unreachable targets: the shortcut with the plan-level start ---------------------------------------

class _StubEvaluator:
    """Judges rosters from a table of KPI values per replication (no simulation), as Evaluator does: target
    x (at least 10) is missed everywhere, target y (at least 0) met everywhere."""

    def __init__(self, table, errors=None):
        self.table, self.confidence = table, 0.95
        self.targets = {"x": Target("x", 10.0), "y": Target("y", 0.0)}
        self.errors = errors or {}
        self.asked = []
        self.round = 1        # not the first round: no check for KPIs never observed

    def frame(self, key, reps):
        values = self.table(key) if callable(self.table) else self.table[key]
        return pd.DataFrame({"x": values, "y": [1.0] * len(values)})

    def judge(self, key, reps):
        met, margins = judge(self.frame(key, reps), self.targets, self.confidence)
        return Judgement(key, met and not self.errors.get(key), margins)

    def evaluate(self, keys, reps, phase):
        self.asked += list(keys)
        return [self.judge(k, reps) for k in keys]


START, CEILING, TWICE = ((2,),), ((6,),), ((12,),)


def _search(values_at_ceiling, by_plan=True, errors=None):
    """A search on one shift (start 2, ceiling 6) whose rosters the stub judges."""
    table = {START: [5.0, 5.2, 4.8, 5.0], CEILING: values_at_ceiling, TWICE: [v + 1 for v in values_at_ceiling]}
    ev = _StubEvaluator(table, errors)
    space = RosterSpace(("frontline",), [(0, 0)], {(0, 0): 1.0}, START, CEILING, ((1,),))
    return _Search(ev, space, 4, "report", "en", by_plan=by_plan), ev


def test_a_target_no_nearer_at_the_ceiling_than_at_the_start_is_dropped_without_twice_the_ceiling():
    search, ev = _search([5.0, 5.2, 4.8, 5.0])                   # the same values: margin equal (boundary)
    search._drop_unreachable(ev.judge(CEILING, []), ev.judge(START, []))
    assert TWICE not in ev.asked
    assert list(ev.targets) == ["y"] and [row["kpi"] for row in search.dropped] == ["x"]
    assert search.dropped[0]["roster"] == search.space.label(CEILING)
    assert search.dropped[0]["best_mean"] == pytest.approx(5.0) and search.dropped[0]["limited_by"] == "plan"


@pytest.mark.parametrize("case", ["nearer", "hourly search", "a run failed"])
def test_otherwise_twice_the_ceiling_decides(case):
    at_ceiling = [5.01, 5.21, 4.81, 5.01] if case == "nearer" else [5.0, 5.2, 4.8, 5.0]
    search, ev = _search(at_ceiling, by_plan=case != "hourly search",
                         errors={CEILING: {0: "boom"}} if case == "a run failed" else None)
    search._drop_unreachable(ev.judge(CEILING, []), ev.judge(START, []))
    assert TWICE in ev.asked
    assert [row["kpi"] for row in search.dropped] == ["x"] and search.dropped[0]["roster"] == search.space.label(TWICE)


def test_the_search_api_refuses_an_unknown_strategy(mmc2):
    from sim.staffing import find_staffing
    with pytest.raises(ValueError, match="strategy must be 'plan' or 'hourly', got 'fast'"):
        find_staffing(mmc2, {"mean_wait_min": 3.0}, strategy="fast")


@pytest.mark.parametrize("by_plan", [True, False])
def test_a_start_that_misses_climbs_to_the_fewest_meeting_the_targets(by_plan):
    """x = 2 x headcount must reach 10: 5 people. From 2, the climb bisects towards the warm start (6,
    which meets the targets) from the plan-level start, towards the ceiling (14) otherwise: both find 5,
    the first without simulating anything above the warm start."""
    ev = _StubEvaluator(lambda key: [2.0 * key[0][0]] * 4)
    space = RosterSpace(("frontline",), [(0, 0)], {(0, 0): 1.0}, START, ((14,),), ((1,),), warm=((6,),))
    found = _Search(ev, space, 4, "report", "en", by_plan=by_plan).feasible(START)
    assert found == ((5,),) and ((4,),) in ev.asked
    assert (((6,),) in ev.asked) is by_plan
    climbed = [k[0][0] for k in ev.asked[2:]]               # after the start and the ceiling
    assert max(climbed) == (6 if by_plan else 8)             # the plan-level search stays below the warm start

