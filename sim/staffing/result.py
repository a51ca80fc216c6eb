"""What a staffing search found: the roster, its KPIs on fresh replications, and how it was found.

Besides the roster and its KPI summary, a result explains itself:

* **what holds each headcount** (``roster["binds"]``): the target that fails on the search's replications
  when that shift loses one person (the one missed by most, :func:`~sim.staffing.targets.closeness`);
  ``"floor"`` when the shift is at its floor (work for the team arrives during it,
  :mod:`sim.staffing.floor`); ``"kept"`` for a team not searched (the scenario's headcount);
  ``""`` for a shift with nobody on it;
* **the worst target on fresh replications** (``worst``): of the targets searched, the one whose confidence
  bound over the verification replications is closest to its target value: its mean and bound.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from sim.i18n import t
from sim.simulation.centre import CentreOptions
from sim.simulation.metrics import kpi_status, summarise
from sim.staffing.candidates import Evaluator, Key, RosterSpace, ShiftAt, judge, kpi_interval
from sim.staffing.floor import WORK_ARRIVES, shift_work
from sim.staffing.roster import Roster, roster_frame, with_roster
from sim.staffing.targets import Target, closeness
from sim.staffing.warm_start import WarmStart

if TYPE_CHECKING:   # type names only
    from sim.format.scenario import Scenario


class StaffingError(ValueError):
    """The search cannot run: nothing to search, or no target left that staffing can change."""


class SearchCancelled(StaffingError):
    """The search was stopped by its ``should_stop`` hook (a planner pressed Cancel)."""


UNREACHABLE_COLUMNS = ["kpi", "direction", "target", "best_mean", "best_bound", "roster", "limited_by"]

# What holds a shift's headcount when it is not a target (roster["binds"]).
FLOOR = "floor"      # at its floor: work for the team arrives during the shift
KEPT = "kept"        # a team not searched keeps the scenario's headcount
NONE = ""            # nobody on the shift (no work arrives), or one fewer still met every target
Binding = tuple[str, float]   # (a target's KPI or one of the above, its closeness with one person fewer)


@dataclass
class StaffingResult:
    """What :func:`~sim.staffing.search.find_staffing` found.

    ``roster``: team, shift, headcount, hours, cost (+ searched, warm_start, scenario headcounts; work:
    the expected pieces of work arriving on the shift within the horizon, floor: its least headcount, binds:
    what holds its headcount, binds_margin: that target's closeness with one person fewer, see the
    module's docstring);
    ``summary``: the KPI summary of the roster over the verification replications (fresh seeds), its
    target/direction/met/met_ci columns set to the targets searched; ``trace``: every candidate roster
    simulated (round, phase, roster, cost, met, reps, worst target and its margin, failing targets);
    ``cost``: the roster's cost; ``headcounts``: the roster as ``CentreOptions.staffing_overrides``;
    ``targets``: the targets the roster meets; ``unreachable``: targets no staffing met by their confidence
    bound (not searched; ``limited_by`` "plan": their mean misses too, a plan rule limits them;
    "replications": their mean meets the target, more replications would narrow the bound; the summary
    still judges them on the fresh replications);
    ``not_applicable``: targets whose KPI was never observed in this scenario; ``seed`` and
    ``search_reps``: the search compared candidates on replications 0..search_reps-1 of ``seed``;
    ``verify_reps``: the replication indices of the final verification; ``verified``: it passed;
    ``worst``: the searched target closest to failing over those replications (kpi, direction, target,
    mean, bound, margin, n), None without a target.
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
    worst: dict | None = None

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
    binds: dict[ShiftAt, Binding] = field(default_factory=dict)


def staffing_result(scenario: Scenario, warm: WarmStart, space: RosterSpace, evaluator: Evaluator,
                    targets: Mapping[str, Target], found: SearchOutcome, seconds: float,
                    lang: str = "en") -> StaffingResult:
    """The search's outcome as tables: the roster beside the warm start's and the scenario's headcounts,
    and the KPI summary over the verification replications against the targets searched."""
    headcounts = space.roster(found.key)
    roster = roster_frame(scenario, headcounts, lang)
    searched_teams = {space.team_order[i] for i, _ in space.searched}
    roster["searched"] = roster["team"].isin(searched_teams)
    roster["warm_start"] = [warm.roster[t][k] for t in space.team_order for k in range(len(warm.roster[t]))]
    roster["scenario"] = [s.staff for t in space.team_order for s in scenario.staffing[t].shifts]
    floors = shift_work(scenario, warm.workload)
    roster["work"] = floors["work"].to_numpy()
    roster["floor"] = floors["floor"].to_numpy()
    binds = [found.binds.get((i, k), (KEPT, math.nan))
             for i, team in enumerate(space.team_order) for k in range(len(scenario.staffing[team].shifts))]
    roster["binds"] = [b for b, _ in binds]
    roster["binds_margin"] = [m for _, m in binds]
    shown = {k: v for k, v in targets.items() if k not in found.not_applicable}
    verify_runs = evaluator.frame(found.key, found.verify)
    summary = _summary(verify_runs, scenario, shown, evaluator.confidence)
    return StaffingResult(
        scenario=scenario, roster=roster, summary=summary, trace=pd.DataFrame(evaluator.trace),
        cost=space.cost(found.key), headcounts=headcounts, targets=dict(evaluator.targets),
        unreachable=pd.DataFrame(found.dropped, columns=UNREACHABLE_COLUMNS),
        not_applicable=tuple(found.not_applicable), warm=warm,
        searched=tuple(t for t in space.team_order if t in searched_teams), seed=evaluator.seed,
        search_reps=found.search_reps, verify_reps=tuple(found.verify), verified=found.verified,
        candidates=len(evaluator.trace), runs=evaluator.runs, brute_force=space.brute_force(),
        seconds=seconds, confidence=evaluator.confidence, options=evaluator.base,
        worst=worst_target(verify_runs, evaluator.targets, evaluator.confidence))


def worst_target(runs: pd.DataFrame, targets: Mapping[str, Target], confidence: float) -> dict | None:
    """Of ``targets``, the one whose confidence bound over ``runs`` is closest to failing (smallest
    :func:`~sim.staffing.targets.closeness` of its margin): kpi, direction, target, mean, bound (the one the
    search judges: ci_low for "at least", ci_high for "at most"), margin, n. None without targets."""
    rows: list[tuple[float, dict]] = []
    for kpi, tgt in targets.items():
        mean, low, high, n = kpi_interval(runs, kpi, confidence)
        b = low if tgt.direction == ">=" else high
        margin = tgt.margin(b)
        rows.append((closeness(tgt, margin), {"kpi": kpi, "direction": tgt.direction, "target": tgt.value,
                                              "mean": mean, "bound": b, "margin": margin, "n": n}))
    return min(rows, key=lambda row: row[0])[1] if rows else None


def _summary(runs: pd.DataFrame, scenario: Scenario, shown: Mapping[str, Target], confidence: float) -> pd.DataFrame:
    """The KPI summary of ``runs`` with its target columns set to the targets searched (not the plan's)."""
    summary = summarise(runs, scenario.plan, confidence)
    summary["target"] = [shown[k].value if k in shown else math.nan for k in summary["kpi"]]
    summary["direction"] = [shown[k].direction if k in shown else "" for k in summary["kpi"]]
    known = [k in shown and not math.isnan(m) for k, m in zip(summary["kpi"], summary["mean"])]
    summary["met"] = [shown[k].met(m) if ok else pd.NA for k, m, ok in zip(summary["kpi"], summary["mean"], known)]
    summary["met_ci"] = [shown[k].met(lo if shown[k].direction == ">=" else hi) if ok else pd.NA
                         for k, lo, hi, ok in zip(summary["kpi"], summary["ci_low"], summary["ci_high"], known)]
    summary["status"] = [kpi_status(m, met, k in shown)
                         for k, m, met in zip(summary["kpi"], summary["mean"], summary["met"])]
    return summary


def unstaffed_teams(result: StaffingResult) -> list[tuple[str, float]]:
    """Teams with work on a shift that the roster leaves with nobody on it: (team, expected pieces of work
    on those shifts within the horizon).

    The search never does this (the floor, :mod:`sim.staffing.floor`); it happens when the scenario itself
    staffs a shift with work with nobody (the plan says so), and for a team not searched that keeps such a
    headcount. That work waits for on-call members, reserves or the next shift.
    """
    table = result.roster
    empty = table[(table["work"] >= WORK_ARRIVES) & (table["headcount"] == 0)]
    return [(team, float(rows["work"].sum())) for team, rows in empty.groupby("team", sort=False)]


def binds_text(binds: str, lang: str, kpi_text) -> str:
    """What holds a shift's headcount (``StaffingResult.roster["binds"]``) in words; a KPI id through
    ``kpi_text`` (the terminal keeps the id in English, the planner app shows the plan's name)."""
    if binds == FLOOR:
        return t("staff.binds.floor", lang)
    if binds == KEPT:
        return t("staff.binds.kept", lang)
    return kpi_text(binds) if binds else "—"

