"""find_staffing: the cheapest roster whose confidence bounds meet the targets, found by simulation.

The flagship test runs the real search on the whole flagship scenario (3 days, six searched teams, the
plan's targets; 4 replications per candidate and 8 fresh ones to verify): from the plan-level start about
8-10 candidate rosters, ~40 runs of ~0.2 s, so ~5-10 s on 2 cores; then it re-simulates the roster on the
fresh replications and every one-person removal a target holds on the search's seeds (~5 rosters x 4 runs). The other tests use
a two-day M/M/c model (runs of ~0.05 s); the floor, what holds each headcount and the progress / cancel
hooks on small models are in test_staffing_floor.py, the other library scenarios in
``benchmarks/staffing.py --library``.
"""
from concurrent.futures import Executor, Future

import pandas as pd
import pytest

from sim.simulation.metrics import summarise
from sim.simulation.replication import map_runs, run_kpis
from sim.staffing import (
    StaffingError,
    Target,
    derive_scenario,
    find_staffing,
    roster_cost,
    unstaffed_teams,
    workload,
)
from sim.staffing.candidates import judge
from sim.staffing.floor import has_work, shift_work
from sim.staffing.result import FLOOR
from sim.staffing.targets import closeness


@pytest.fixture(scope="module")
def mmc2(mmc):
    return derive_scenario(mmc, horizon=2 * 1440)


@pytest.fixture(scope="module")
def flagship_search(flagship):
    return find_staffing(flagship, reps=4, verify_reps=8)


def _runs(scenario, result, headcounts, reps):
    """KPIs of ``headcounts`` on replications ``reps`` of the search's seed, simulated here (a run that raises
    fails the test: a crash must not pass for a roster that misses its targets)."""
    from dataclasses import replace
    options = replace(result.options, staffing_overrides={t: list(v) for t, v in headcounts.items()})
    return pd.DataFrame(map_runs(run_kpis, [(scenario, result.seed, r, options) for r in reps], progress=False))


def test_flagship_roster_staffs_the_work_and_meets_the_plan_on_fresh_seeds(flagship, flagship_search):
    """The issue's "done when" on the flagship: each team with work has staff on every shift it has work,
    and the roster, simulated again on replications the search never saw, meets the plan's targets."""
    r = flagship_search
    assert r.verified
    # Work for production, tech support, logistics and PR arrives on their shifts: nobody is left out.
    work = shift_work(flagship, workload(flagship))
    with_work = work[[has_work(w) for w in work["work"]]]
    assert {"production", "tech_support", "logistics", "marketing_pr"} <= set(with_work["team"])
    for row in with_work.itertuples():
        assert r.headcounts[row.team][row.shift] >= 1, (row.team, row.label)
    assert unstaffed_teams(r) == []
    # Fresh seeds, simulated here: every searched target met by its confidence bound; a target left out
    # because a few replications cannot confirm it is met on average; only a plan rule may stop one.
    fresh = summarise(_runs(flagship, r, r.headcounts, r.verify_reps), flagship.plan, r.confidence).set_index("kpi")
    assert set(r.verify_reps).isdisjoint(range(r.search_reps))
    for kpi, target in r.targets.items():
        assert target.met(fresh.loc[kpi, "ci_low" if target.direction == ">=" else "ci_high"]), kpi
    limited = dict(zip(r.unreachable["kpi"], r.unreachable["limited_by"]))
    for kpi in flagship.plan.kpi_targets:
        if limited.get(kpi) != "plan":
            assert fresh.loc[kpi, "status"] == "met", kpi
    # The result names the target closest to failing there: its mean and the bound the table shows.
    w = r.worst
    assert w["kpi"] in r.targets and w["n"] == 8 and w["margin"] >= 0
    assert w["mean"] == pytest.approx(fresh.loc[w["kpi"], "mean"])
    assert w["bound"] == pytest.approx(fresh.loc[w["kpi"], "ci_low" if w["direction"] == ">=" else "ci_high"])


def test_flagship_roster_says_what_holds_each_headcount(flagship, flagship_search):
    """Per team and shift: a target that one person fewer misses (re-simulated here on the search's seeds,
    common random numbers), or the floor of one person on a shift with work."""
    r = flagship_search
    plan_targets = set(flagship.plan.kpi_targets)
    # Every plan target is searched, or reported: unreachable by staffing (with its best bound), or never observed.
    assert set(r.targets) | set(r.unreachable["kpi"]) | set(r.not_applicable) == plan_targets
    assert "first_response_on_time.major" in r.targets and "abandon_rate" in r.targets
    for row in r.unreachable.itertuples():
        assert not Target(row.kpi, row.target, row.direction).met(row.best_bound)
        assert row.limited_by == ("replications" if Target(row.kpi, row.target, row.direction).met(row.best_mean)
                                  else "plan")
    summary = r.summary.set_index("kpi")
    for kpi in r.targets:
        assert summary.loc[kpi, "n"] == 8 and bool(summary.loc[kpi, "met_ci"]), kpi
    assert r.verify_reps == tuple(range(r.search_reps, r.search_reps + 8))
    search_reps = range(r.search_reps)
    assert r.meets(_runs(flagship, r, r.headcounts, search_reps))
    held = 0
    shift_index = r.roster.groupby("team", sort=False).cumcount()
    for row, k in zip(r.roster.itertuples(), shift_index):
        if row.binds == FLOOR:
            assert row.headcount == row.floor == 1 and has_work(row.work), (row.team, row.shift)
            continue
        assert row.binds in r.targets, (row.team, row.shift, row.binds)
        fewer = {**r.headcounts, row.team: tuple(c - (i == k) for i, c in enumerate(r.headcounts[row.team]))}
        met, margins = judge(_runs(flagship, r, fewer, search_reps), r.targets, r.confidence)
        assert not met and margins[row.binds] < 0, (row.team, row.shift)
        missed = {kpi: closeness(r.targets[kpi], m) for kpi, m in margins.items() if m < 0}
        assert row.binds == min(missed, key=missed.get)      # of the targets missed, the one missed by most
        held += 1
    assert held >= 3 and (r.roster["binds"] == FLOOR).sum() >= 4
    # Cost and bookkeeping.
    assert r.cost == roster_cost(flagship, r.headcounts) == r.roster["cost"].sum()
    assert r.cost <= roster_cost(flagship, r.warm.roster)
    assert list(r.roster.columns[:5]) == ["team", "shift", "headcount", "hours", "cost"]
    trace = r.trace
    assert len(trace) == r.candidates and r.runs >= 4 * (r.candidates - 1) + 8
    assert r.candidates < 60 and r.brute_force > 10**6
    last = trace[trace["round"] == trace["round"].max()]
    accepted = last[last["met"] & last["phase"].isin(["team", "shift", "polish"])]
    assert (accepted["cost"] >= r.cost).all()          # the descent only ever removes people
    assert trace.iloc[-1]["phase"] == "verify" and trace.iloc[-1]["met"]
    # It started from the plan-level start, far below the hour-by-hour warm start: whole-team moves (the
    # hourly search's first stage) are not needed from there.
    assert trace.iloc[0]["phase"] == "start" and trace.iloc[0]["cost"] < roster_cost(flagship, r.warm.roster) / 2
    assert "team" not in set(trace["phase"])


def test_verification_failure_continues_the_search(mmc2):
    """Seed 3 with 2 search replications: the first roster passes on them but not on 3 fresh ones, so those
    join the search set (5 replications) and the search goes on until a roster passes fresh ones too.
    (The seed was found by trying seeds 1-30; the mechanism, not the seed, is what is tested.)"""
    r = find_staffing(mmc2, {"mean_wait_min": 3.0}, reps=2, verify_reps=3, seed=3, progress=False)
    verifies = r.trace[r.trace["phase"] == "verify"]
    assert list(verifies["round"]) == [0, 1]
    assert list(verifies["met"]) == [False, True]
    assert r.verified and r.search_reps == 5 and r.verify_reps == (5, 6, 7)
    assert r.summary.set_index("kpi").loc["mean_wait_min", "ci_high"] <= 3.0


def test_targets_staffing_cannot_reach_are_reported_or_raise(mmc2):
    targets = {"first_response_within_24h": 0.99, "arrived": {"at_least": 10**6}}
    r = find_staffing(mmc2, targets, reps=2, verify_reps=3, progress=False)
    assert list(r.unreachable["kpi"]) == ["arrived"] and set(r.targets) == {"first_response_within_24h"}
    assert r.unreachable["best_mean"].iloc[0] < 10**6
    with pytest.raises(StaffingError, match="arrived >= 1e"):
        find_staffing(mmc2, targets, reps=2, verify_reps=3, progress=False, unreachable="raise")
    with pytest.raises(StaffingError, match="none of the targets"):
        find_staffing(mmc2, {"arrived": {"at_least": 10**6}}, reps=2, verify_reps=3, progress=False)
    plan = find_staffing(mmc2, reps=2, verify_reps=3, progress=False)    # the plan's targets
    assert {"satisfaction", "first_response_on_time.major", "crisis_notification_on_time"} <= set(plan.not_applicable)
    assert "satisfaction" not in set(plan.summary.loc[plan.summary["direction"] != "", "kpi"])


class _Failing(Executor):
    """Runs tasks in-process, but a roster with exactly ``bad`` frontline agents raises (a simulator bug)."""

    def __init__(self, bad):
        self.bad = bad

    def submit(self, fn, *args, **kwargs):
        fut = Future()
        try:
            if args[3].staffing_overrides.get("frontline") == [self.bad]:
                raise RuntimeError("boom")
            fut.set_result(fn(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001
            fut.set_exception(exc)
        return fut


def test_a_run_that_raises_fails_its_candidate_and_warns(mmc2):
    good = find_staffing(mmc2, {"mean_wait_min": 30.0}, reps=2, verify_reps=3, progress=False, executor=_Failing(0))
    n = good.headcounts["frontline"][0]
    with pytest.warns(RuntimeWarning, match="RuntimeError: boom"):
        r = find_staffing(mmc2, {"mean_wait_min": 30.0}, reps=2, verify_reps=3, progress=False,
                          executor=_Failing(n))
    assert r.headcounts["frontline"][0] > n
    assert r.trace["failing"].str.contains("RuntimeError: boom").any()
