"""The warm start: the roster the Erlang models ask for, hour by hour, before anything is simulated.

For every team whose staffing can move a target and every hour of the horizon, the hour's offered work
(:mod:`sim.staffing.workload`) goes through a stationary queue model, and the fewest agents meeting the
targets in that hour is the hour's requirement:

* **frontline**: the first-response shares per grade, the 24-hour rule, abandonment, wait probability,
  mean wait and crisis notification (those targeted), by Erlang A when its channels have patience, else
  Erlang C (:mod:`sim.staffing.frontline_hour`);
* **other teams** (specialists, consulted departments): their tasks must be done within the shortest
  resolution target R of the grades they serve: Erlang C on the work arriving over the last R (a moving
  average), with the targeted share of resolutions answered within R / 2.

The reserve and on-call members the plan's expected activation brings are taken off the requirement,
and a shift's headcount is the most any of its hours needs (a greedy cover when shifts overlap). The
search (:mod:`sim.staffing.search`) starts from this roster; :func:`erlang_kpis` predicts the frontline
KPIs of any roster the same way (the Erlang line of the staffing curve).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim import rules
from sim.format.vocabulary import SEVERITY_IDS
from sim.rules import GRADES
from sim.staffing.erlang import fewest_servers
from sim.staffing.frontline_hour import SHARE_CAP, frontline_checks, frontline_hour
from sim.staffing.roster import (
    Roster,
    full_roster,
    roster_frame,
    scenario_roster,
    shift_coverage,
    shift_spans,
    shift_table,
)
from sim.staffing.targets import Target, TargetsArg, as_targets
from sim.staffing.workload import Workload, workload

if TYPE_CHECKING:   # type names only
    from sim.format.plan import Plan
    from sim.format.scenario import Scenario
    from sim.simulation.centre import CentreOptions

_FRONTLINE_KPIS = ("first_response", "crisis_notification", "abandon_rate", "wait_probability", "mean_wait_min")
_DEFAULT_RESOLUTION_SHARE = 0.85   # share resolved on time assumed for a team when no resolution target is set

_Hour = dict[str, Any]   # one row of WarmStart.hourly, without the team and the requirement


@dataclass
class WarmStart:
    """The analytic staffing per team and hour, and the roster it gives.

    ``hourly``: team, hour, time, arrivals_per_hour (tasks), load (Erlang), model, required_total (agents the
    hour needs) and required (those the roster must supply: required_total less the reserves and on-call);
    ``roster``: team -> headcount per shift (teams the targets do not constrain keep the scenario's);
    ``teams``: the teams whose staffing affects the targets (the ones a search changes).
    """
    hourly: pd.DataFrame
    roster: Roster
    teams: tuple[str, ...]
    workload: Workload

    def frame(self, scenario: Scenario) -> pd.DataFrame:
        return roster_frame(scenario, self.roster)


def warm_start(scenario: Scenario, targets: TargetsArg = None, options: CentreOptions | None = None,
               teams: Iterable[str] | None = None) -> WarmStart:
    """Stationary (per hour) Erlang staffing for every team whose staffing affects the targets (see the
    module's docstring); ``teams`` limits it to these teams. The others keep the scenario's headcounts."""
    tg = as_targets(scenario, targets)
    wl = workload(scenario, options)
    roster = scenario_roster(scenario)
    table = shift_table(scenario)
    relevant = _relevant_teams(wl, tg) & {r.team for r in table.itertuples() if r.hours > 0}
    if teams is not None:
        relevant &= set(teams)
    rows: list[_Hour] = []
    chosen = [team for team in scenario.staffing if team in relevant]
    for team in chosen:
        found = (_frontline_required(wl, tg, scenario.plan) if team == "frontline"
                 else _team_required(wl, tg, scenario.plan, team))
        if found is None:           # no target the model judges: start from the scenario's headcounts
            continue
        required, hours = found
        total = required            # before reserves: what the plots show beside the reserves
        extra = wl.extra.get(team)
        if extra is not None:       # reserves and on-call members the plan's activation brings
            required = np.maximum(0, required - np.floor(extra + 1e-9).astype(int))
        rows += [{"team": team, "hour": h, **row, "required_total": int(total[h]), "required": int(required[h])}
                 for h, row in enumerate(hours)]
        roster[team] = _shift_headcounts(scenario, team, required, table, wl.hours)
    hourly = pd.DataFrame(rows, columns=["team", "hour", "arrivals_per_hour", "load", "model", "required_total",
                                         "required"])
    hourly.insert(2, "time", pd.Timestamp(scenario.start) + pd.to_timedelta(hourly["hour"] * 60, unit="min"))
    return WarmStart(hourly=hourly, roster=roster, teams=tuple(chosen), workload=wl)


def _relevant_teams(wl: Workload, targets: Mapping[str, Target]) -> set[str]:
    """Teams whose staffing can change the targeted KPIs (by the plan's routing for this scenario)."""
    with_work = {team for team, lam in wl.team_lam.items() if lam.sum() > 0} | {"frontline"}
    out: set[str] = set()
    for kpi in targets:
        if kpi.startswith(_FRONTLINE_KPIS):
            out.add("frontline")
        elif kpi.startswith("utilisation."):
            out.add(kpi.split(".", 1)[1])
        else:   # resolution, satisfaction, backlog, cost...: everyone who works on complaints
            out |= with_work
    return out


def _frontline_required(wl: Workload, targets: Mapping[str, Target],
                        plan: Plan) -> tuple[np.ndarray, list[_Hour]] | None:
    """Frontline agents each hour needs to meet the targets the hour model judges (None: it judges none)."""
    checks = frontline_checks(targets, wl.notify_share)
    if not checks:
        return None
    required = np.zeros(wl.hours, dtype=int)
    hours = []
    for h in range(wl.hours):
        load = wl.work[h].sum() + wl.follow[h]

        def ok(c: int, h: int = h) -> bool:
            m = frontline_hour(wl, h, c, plan)
            return m is None or all(check(m) for check in checks)
        required[h] = _fewest(ok, load)
        m = frontline_hour(wl, h, max(1, required[h]), plan)
        hours.append({"arrivals_per_hour": wl.lam[h].sum() * 60, "load": load, "model": m.model if m else ""})
    return required, hours


def _team_required(wl: Workload, targets: Mapping[str, Target], plan: Plan,
                   team: str) -> tuple[np.ndarray, list[_Hour]] | None:
    """Agents of a resolving or consulted team each hour needs (None: the team gets no tasks)."""
    lam, wk = wl.team_lam.get(team), wl.team_work.get(team)
    if lam is None or wk is None:
        return None
    grades = wl.team_severities.get(team, frozenset({rules.MODERATE, rules.MAJOR}))
    res_target = min(rules.resolution_target(plan, s) for s in grades)
    kpis = ["resolution_on_time"] + [f"resolution_on_time.{SEVERITY_IDS[s]}" for s in grades]
    shares = [targets[k].value for k in kpis if k in targets and targets[k].direction == ">="]
    share = min(max(shares) if shares else _DEFAULT_RESOLUTION_SHARE, SHARE_CAP)
    window = max(1, math.ceil(res_target / 60))
    required = np.zeros(wl.hours, dtype=int)
    hours = []
    for h in range(wl.hours):
        lo = max(0, h - window + 1)
        lam_h, work_h = float(lam[lo:h + 1].mean()), float(wk[lo:h + 1].mean())
        if lam_h > 0 and work_h > 0:
            required[h] = fewest_servers(lam_h, lam_h / work_h, service_level=share, within=res_target / 2)
        hours.append({"arrivals_per_hour": lam[h] * 60, "load": float(wk[h]), "model": "Erlang C"})
    return required, hours


def _fewest(ok: Callable[[int], bool], load: float) -> int:
    """Smallest c >= 0 with ok(c) (ok is monotone); gallop up from the load, then bisect."""
    if ok(0):
        return 0
    lo, hi = 0, max(1, math.ceil(load))
    limit = math.ceil(4 * load + 50)
    while not ok(hi):
        if hi >= limit:
            return limit   # the model cannot meet it: a generous start, the simulation decides
        lo, hi = hi, min(limit, hi * 2)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if ok(mid) else (mid, hi)
    return hi


def _shift_headcounts(scenario: Scenario, team: str, required: np.ndarray, table: pd.DataFrame,
                      n_hours: int) -> tuple[int, ...]:
    """Headcount per shift of ``team`` covering the hourly requirement; shifts not worked within the
    horizon keep the scenario's headcount."""
    covers = shift_coverage(scenario, team, n_hours) >= 0.5
    hours = table[table.team == team]
    person_cost = (hours["hours"] * hours["cost_per_hour"]).to_numpy()
    counts = _cover(required, covers, person_cost)
    idle = (hours["hours"] <= 0).to_numpy()
    counts[idle] = [s.staff for s, off in zip(scenario.staffing[team].shifts, idle) if off]
    return tuple(int(x) for x in counts)


def _cover(required: np.ndarray, covers: np.ndarray, person_cost: np.ndarray) -> np.ndarray:
    """Headcount per shift so that every hour has its required staff: greedy, the worst hour first, adding
    to the shift covering it that covers the most short hours per unit of cost. For shifts that do not
    overlap this is exactly "the most any of the shift's hours needs"."""
    x = np.zeros(covers.shape[0], dtype=int)
    need = required.astype(float).copy()
    need[~covers.any(axis=0)] = 0.0          # hours no shift covers cannot be staffed
    while True:
        deficit = need - covers.T @ x
        h = int(np.argmax(deficit))
        if deficit[h] <= 0:
            return x
        cand = np.flatnonzero(covers[:, h])
        short = (deficit > 0).astype(float)
        score = [(covers[k] * short).sum() / max(person_cost[k], 1e-9) for k in cand]
        x[cand[int(np.argmax(score))]] += 1


# --- the Erlang prediction of a roster -----------------------------------------------------------

def erlang_kpis(scenario: Scenario, roster: Mapping[str, Iterable[int]] | None = None,
                options: CentreOptions | None = None, wl: Workload | None = None) -> dict[str, float]:
    """The stationary Erlang prediction of frontline KPIs for a roster.

    Per hour, the frontline agents on duty (rostered, plus the extended hours, reserves and on-call members
    the plan's estimated activation brings, see :class:`~sim.staffing.workload.Workload`) go through
    :func:`~sim.staffing.frontline_hour.frontline_hour`; the hours are combined weighted by their arrivals:
    first_response_on_time (overall and per severity, answered contacts), abandon_rate (synchronous
    contacts) and wait_probability.
    """
    wl = wl or workload(scenario, options)
    staff = _frontline_staff(scenario, full_roster(scenario, roster), wl)
    on_time = np.zeros(len(GRADES))
    weight = np.zeros(len(GRADES))
    abandon = sync = wait = arrivals = 0.0
    for h in range(wl.hours):
        m = frontline_hour(wl, h, float(round(staff[h], 6)), scenario.plan)
        if m is None:
            continue
        on_time += m.lam * m.sl
        weight += m.lam
        abandon += m.abandon * m.sync
        sync += m.sync
        wait += m.wait_probability * m.lam.sum()
        arrivals += m.lam.sum()
    out = {"first_response_on_time": float(on_time.sum() / weight.sum()) if weight.sum() else math.nan,
           "abandon_rate": abandon / sync if sync else math.nan,
           "wait_probability": wait / arrivals if arrivals else math.nan}
    for s, name in enumerate(SEVERITY_IDS):
        out[f"first_response_on_time.{name}"] = float(on_time[s] / weight[s]) if weight[s] else math.nan
    return out


def _frontline_staff(scenario: Scenario, full: Roster, wl: Workload) -> np.ndarray:
    """Frontline agents on duty per hour: the roster, extended shifts, reserves and on-call (if activated)."""
    per_person, extra = frontline_duty(scenario, wl)
    return np.asarray(full["frontline"], dtype=float) @ per_person + extra


def frontline_duty(scenario: Scenario, wl: Workload) -> tuple[np.ndarray, np.ndarray]:
    """(per_person, extra): frontline agents on duty per hour are ``counts @ per_person + extra`` for a
    roster's frontline ``counts``: (shifts, hours) what one person on each shift brings (the hours of the
    shift, plus its extension when the plan extends hours), and the reserves and on-call members the
    plan's activation brings."""
    per_person = shift_coverage(scenario, "frontline", wl.hours)
    if wl.extend is not None:
        since, extend_by = wl.extend
        for k, shift in enumerate(scenario.staffing["frontline"].shifts):
            ext = np.zeros(wl.hours * 60)
            # Shift.spans joins back-to-back days, so every span's end is a real end of the shift.
            for _begin, e in shift_spans(scenario, shift):
                if since <= e < scenario.horizon:
                    ext[int(e):int(min(e + extend_by, scenario.horizon))] += 1.0
            per_person[k] += ext.reshape(wl.hours, 60).mean(axis=1)
    extra = np.asarray(wl.extra["frontline"], dtype=float) if "frontline" in wl.extra else np.zeros(wl.hours)
    return per_person, extra
