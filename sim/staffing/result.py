"""What a staffing search found: the roster, its KPIs on fresh replications, and how it was found."""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.simulation.centre import CentreOptions
from sim.simulation.metrics import summarise
from sim.staffing.candidates import Evaluator, Key, RosterSpace, judge
from sim.staffing.roster import Roster, roster_frame, with_roster
from sim.staffing.targets import Target
from sim.staffing.warm_start import WarmStart

if TYPE_CHECKING:   # type names only
    from sim.format.scenario import Scenario


class StaffingError(ValueError):
    """The search cannot run: nothing to search, or no target left that staffing can change."""


UNREACHABLE_COLUMNS = ["kpi", "direction", "target", "best_mean", "best_bound", "roster"]


@dataclass
class StaffingResult:
    """What :func:`~sim.staffing.search.find_staffing` found.

    ``roster``: team, shift, headcount, hours, cost (+ searched, warm_start, scenario headcounts);
    ``summary``: the KPI summary of the roster over the verification replications (fresh seeds), its
    target/direction/met/met_ci columns set to the targets searched; ``trace``: every candidate roster
    simulated (round, phase, roster, cost, met, reps, worst target and its margin, failing targets);
    ``cost``: the roster's cost; ``headcounts``: the roster as ``CentreOptions.staffing_overrides``;
    ``targets``: the targets the roster meets; ``unreachable``: targets no staffing met (not searched);
    ``not_applicable``: targets whose KPI was never observed in this scenario; ``seed`` and
    ``search_reps``: the search compared candidates on replications 0..search_reps-1 of ``seed``;
    ``verify_reps``: the replication indices of the final verification; ``verified``: it passed.
    """
    scenario: Scenario
    roster: pd.DataFrame
    summary: pd.DataFrame
    trace: pd.DataFrame
    cost: float
    headcounts: Roster
    targets: dict[str, Target]
    unreachable: pd.DataFrame
    not_applicable: tuple[str, ...]
    warm: WarmStart
    searched: tuple[str, ...]
    seed: int
    search_reps: int
    verify_reps: tuple[int, ...]
    verified: bool
    candidates: int
    runs: int
    brute_force: int
    seconds: float
    confidence: float
    options: CentreOptions | None = None

    def centre_options(self) -> CentreOptions:
        """CentreOptions running this roster (the search's other options kept)."""
        return with_roster(self.options or CentreOptions(), self.headcounts)

    def meets(self, runs: pd.DataFrame) -> bool:
        """Whether replications ``runs`` (one row per replication, KPI columns) meet every searched target."""
        return judge(runs, self.targets, self.confidence)[0]


@dataclass
class SearchOutcome:
    """The search's findings, before they are tabled: the roster, where it was verified, what was dropped."""
    key: Key
    verify: list[int]
    verified: bool
    search_reps: int
    dropped: list[dict]
    not_applicable: list[str]


def staffing_result(scenario: Scenario, warm: WarmStart, space: RosterSpace, evaluator: Evaluator,
                    targets: Mapping[str, Target], found: SearchOutcome, seconds: float) -> StaffingResult:
    """The search's outcome as tables: the roster beside the warm start's and the scenario's headcounts,
    and the KPI summary over the verification replications against the targets searched."""
    headcounts = space.roster(found.key)
    roster = roster_frame(scenario, headcounts)
    searched_teams = {space.team_order[i] for i, _ in space.searched}
    roster["searched"] = roster["team"].isin(searched_teams)
    roster["warm_start"] = [warm.roster[t][k] for t in space.team_order for k in range(len(warm.roster[t]))]
    roster["scenario"] = [s.staff for t in space.team_order for s in scenario.staffing[t].shifts]
    shown = {k: v for k, v in targets.items() if k not in found.not_applicable}
    summary = _summary(evaluator.frame(found.key, found.verify), scenario, shown, evaluator.confidence)
    return StaffingResult(
        scenario=scenario, roster=roster, summary=summary, trace=pd.DataFrame(evaluator.trace),
        cost=space.cost(found.key), headcounts=headcounts, targets=dict(evaluator.targets),
        unreachable=pd.DataFrame(found.dropped, columns=UNREACHABLE_COLUMNS),
        not_applicable=tuple(found.not_applicable), warm=warm,
        searched=tuple(t for t in space.team_order if t in searched_teams), seed=evaluator.seed,
        search_reps=found.search_reps, verify_reps=tuple(found.verify), verified=found.verified,
        candidates=len(evaluator.trace), runs=evaluator.runs, brute_force=space.brute_force(),
        seconds=seconds, confidence=evaluator.confidence, options=evaluator.base)


def _summary(runs: pd.DataFrame, scenario: Scenario, shown: Mapping[str, Target], confidence: float) -> pd.DataFrame:
    """The KPI summary of ``runs`` with its target columns set to the targets searched (not the plan's)."""
    summary = summarise(runs, scenario.plan, confidence)
    summary["target"] = [shown[k].value if k in shown else math.nan for k in summary["kpi"]]
    summary["direction"] = [shown[k].direction if k in shown else "" for k in summary["kpi"]]
    summary["met"] = [shown[k].met(m) if k in shown else pd.NA for k, m in zip(summary["kpi"], summary["mean"])]
    summary["met_ci"] = [shown[k].met(lo if shown[k].direction == ">=" else hi) if k in shown else pd.NA
                         for k, lo, hi in zip(summary["kpi"], summary["ci_low"], summary["ci_high"])]
    return summary


def unstaffed_teams(result: StaffingResult) -> list[tuple[str, float]]:
    """Teams the plan routes work to but the roster found leaves with nobody on shift: (team, tasks).

    Their work then waits for reserves or on-call members; when this happens the targets did not need
    them within the horizon (e.g. only an overall resolution share is targeted, which minor complaints
    resolved at first contact dominate). Add per-severity targets to require them.
    """
    wl = result.warm.workload
    out = []
    for team, counts in result.headcounts.items():
        if team == "frontline" or team not in result.searched or sum(counts) > 0:
            continue
        tasks = float(wl.team_lam.get(team, np.zeros(1)).sum() * 60)
        if tasks > 0:
            out.append((team, tasks))
    return out
