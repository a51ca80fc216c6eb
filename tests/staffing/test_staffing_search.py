"""find_staffing: the cheapest roster whose confidence bounds meet the targets, found by simulation.

The flagship test runs the real search on the whole flagship scenario (3 days, six searched teams, the
plan's targets; 4 replications per candidate and 8 fresh ones to verify): about 20-30 candidate rosters,
~100 runs of ~0.5 s, so ~30-50 s on 2 cores; then it re-simulates every one-person removal on the search's
seeds (~5 rosters x 4 runs). The other tests use a two-day M/M/c model (runs of ~0.05 s).
"""
from concurrent.futures import Executor, Future

import pandas as pd
import pytest

from sim.simulation.replication import run_kpis
from sim.staffing import StaffingError, Target, derive_scenario, find_staffing, roster_cost


@pytest.fixture(scope="module")
def mmc2(mmc):
    return derive_scenario(mmc, horizon=2 * 1440)


@pytest.fixture(scope="module")
def flagship_search(flagship):
    return find_staffing(flagship, reps=4, verify_reps=8, progress=False)


def _runs(scenario, result, headcounts, reps):
    """KPIs of ``headcounts`` on replications ``reps`` of the search's seed (a run that raises fails the test:
    a crash must not pass for a roster that misses its targets)."""
    from dataclasses import replace
    options = replace(result.options, staffing_overrides={t: list(v) for t, v in headcounts.items()})
    return pd.DataFrame([run_kpis(scenario, result.seed, r, options) for r in reps])


def test_flagship_roster_meets_every_target_and_removing_anyone_breaks_one(flagship, flagship_search):
    r = flagship_search
    plan_targets = set(flagship.plan.kpi_targets)
    assert r.verified
    # Every plan target is searched, or reported: unreachable by staffing (with its best bound), or never observed.
    assert set(r.targets) | set(r.unreachable["kpi"]) | set(r.not_applicable) == plan_targets
    assert "first_response_on_time.major" in r.targets and "abandon_rate" in r.targets
    for row in r.unreachable.itertuples():
        assert not Target(row.kpi, row.target, row.direction).met(row.best_bound)
    # The verification summary (8 fresh replications): every searched target met by its confidence bound.
    summary = r.summary.set_index("kpi")
    for kpi, target in r.targets.items():
        assert summary.loc[kpi, "n"] == 8 and bool(summary.loc[kpi, "met_ci"]), kpi
        bound = summary.loc[kpi, "ci_low"] if target.direction == ">=" else summary.loc[kpi, "ci_high"]
        assert target.met(bound), kpi
    assert r.verify_reps == tuple(range(r.search_reps, r.search_reps + 8))
    # Re-simulated here: the roster meets the targets on the search's seeds, and one person less anywhere
    # (same seeds, common random numbers) breaks one.
    search_reps = range(r.search_reps)
    assert r.meets(_runs(flagship, r, r.headcounts, search_reps))
    removals = 0
    for team in r.searched:
        for k, n in enumerate(r.headcounts[team]):
            if n == 0:
                continue
            fewer = {**r.headcounts, team: tuple(c - (i == k) for i, c in enumerate(r.headcounts[team]))}
            assert not r.meets(_runs(flagship, r, fewer, search_reps)), (team, k)
            removals += 1
    assert removals >= 3
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
