"""Candidate rosters: the box a staffing search moves in, and how a candidate is judged by simulation.

A candidate is a roster written as a *key*: one tuple of headcounts per team, in the search's team order
(``((6, 3), (2,), ...)``), so that it can be cached and compared. :class:`RosterSpace` holds the shifts
the search may change, what one person costs on each, the warm start and a generous ceiling.

The box has a *floor* as well as a ceiling: a shift during which work for its team arrives keeps at least
one person (:mod:`sim.staffing.floor`), so no move of the search leaves a team with work unstaffed.

A candidate *meets* the targets when, over its replications, the confidence bound of every target KPI
is on the right side: the lower bound (ci_low) for an "at least" target, the upper bound (ci_high) for
an "at most" target, with the interval of the replication summary (:func:`kpi_interval`: inside [0, 1]
for a proportion, Student t otherwise), so a roster the search accepts is one the KPI table shows as met.
Every candidate is simulated on the same replications 0..reps-1 of one seed (*common random numbers*): two rosters face the
same complaints, so a difference of one person shows as a difference in the KPIs instead of drowning in
noise. :class:`Evaluator` runs them on any executor, caches each (roster, replication) run, and keeps
the trace of every candidate simulated. A run that fails is reported, and its roster counts as missing.
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.simulation.intervals import proportion_interval, t_interval
from sim.simulation.metrics import count_key, is_proportion
from sim.simulation.replication import as_executor, default_workers, run_kpis
from sim.staffing.floor import work_floor
from sim.staffing.roster import Roster, scenario_roster, shift_table, with_roster
from sim.staffing.targets import Target
from sim.staffing.warm_start import WarmStart

if TYPE_CHECKING:   # type names only
    from sim.format.scenario import Scenario
    from sim.simulation.centre import CentreOptions

Key = tuple[tuple[int, ...], ...]    # a roster: headcounts per shift, one tuple per team in the search's order
ShiftAt = tuple[int, int]            # (team index, shift index) of one shift in a key


def head(key: Key, s: ShiftAt) -> int:
    """Headcount of shift ``s`` in roster ``key``."""
    return key[s[0]][s[1]]


def with_counts(key: Key, changes: Mapping[ShiftAt, int]) -> Key:
    """``key`` with some shifts' headcounts replaced (never below 0)."""
    rows = [list(v) for v in key]
    for (i, k), n in changes.items():
        rows[i][k] = max(0, int(n))
    return tuple(tuple(v) for v in rows)


@dataclass
class RosterSpace:
    """The rosters a search visits: ``searched`` shifts (of the teams the targets depend on, worked within
    the horizon) move between ``floor`` (1 on a shift with work, :mod:`sim.staffing.floor`) and
    ``ceiling``, starting at the warm start (raised to the floor) or where ``around`` is told to start;
    ``person`` is what one person on a shift costs over the horizon; ``warm`` the warm start (raised to the
    floor)."""
    team_order: tuple[str, ...]
    searched: list[ShiftAt]
    person: dict[ShiftAt, float]
    start: Key
    ceiling: Key
    floor: Key
    warm: Key | None = None

    @classmethod
    def around(cls, scenario: Scenario, warm: WarmStart,
               start_at: Callable[[Roster], Roster] | None = None) -> RosterSpace:
        """From the warm start (at least the floor) up to a generous ceiling: twice the start plus two, at
        least the scenario's own headcount and the warm start's. ``start_at`` moves the start: given the
        floor, it returns the roster to start from (the plan-level start, :mod:`sim.staffing.plan_start`)."""
        table = shift_table(scenario)
        team_order = tuple(scenario_roster(scenario))
        searched = [(team_order.index(r.team), r.shift) for r in table.itertuples()
                    if r.team in warm.teams and r.hours > 0]
        person = {(team_order.index(r.team), r.shift): r.hours * r.cost_per_hour for r in table.itertuples()
                  if r.team in team_order}
        least = work_floor(scenario, warm.workload)
        floor = tuple(tuple(least.get(t, (0,) * len(warm.roster[t]))) for t in team_order)
        chosen = start_at(least) if start_at is not None else warm.roster
        hourly = tuple(tuple(warm.roster[t]) for t in team_order)
        start = tuple(tuple(chosen[t]) for t in team_order)
        start = with_counts(start, {s: max(head(start, s), head(floor, s)) for s in searched})
        warm_key = with_counts(hourly, {s: max(head(hourly, s), head(floor, s)) for s in searched})
        ceiling = with_counts(start, {s: max(head(start, s) * 2 + 2, head(hourly, s),
                                             scenario.staffing[team_order[s[0]]].shifts[s[1]].staff)
                                      for s in searched})
        return cls(team_order, searched, person, start, ceiling, floor, warm_key)

    def spare(self, key: Key, s: ShiftAt) -> int:
        """People shift ``s`` of ``key`` has above its floor (what the search may remove)."""
        return max(0, head(key, s) - head(self.floor, s))

    def minus(self, key: Key, shifts: Sequence[ShiftAt], m: int) -> Key:
        """``key`` with ``m`` people fewer on each of ``shifts``, none below its floor."""
        return with_counts(key, {s: max(head(key, s) - m, head(self.floor, s)) for s in shifts})

    def cost(self, key: Key) -> float:
        return float(sum(self.person[(i, k)] * n for i, counts in enumerate(key) for k, n in enumerate(counts)))

    def roster(self, key: Key) -> Roster:
        return {t: tuple(v) for t, v in zip(self.team_order, key)}

    def label(self, key: Key) -> str:
        return " ".join(f"{t}={'/'.join(map(str, v))}" for t, v in zip(self.team_order, key))

    def brute_force(self) -> int:
        """How many rosters the box holds (0..ceiling on every searched shift)."""
        return math.prod(head(self.ceiling, s) + 1 for s in self.searched)


# --- judging replications against targets --------------------------------------------------------

def kpi_interval(runs: pd.DataFrame, kpi: str, confidence: float) -> tuple[float, float, float, int]:
    """(mean, low, high, n) of ``kpi`` over replications ``runs`` (one row each; NaN runs left out), with the
    interval :func:`sim.simulation.metrics.summarise` gives it: inside [0, 1] for a proportion (from the
    shares and the ``n:<kpi>`` counts of the runs), Student t otherwise. NaN without a value."""
    values = runs[kpi].to_numpy(dtype=float) if kpi in runs else np.array([])
    has = ~np.isnan(values)
    values = values[has]
    if not len(values):
        return math.nan, math.nan, math.nan, 0
    counts = runs[count_key(kpi)].to_numpy(dtype=float)[has] if count_key(kpi) in runs else None
    if counts is not None and np.isnan(counts).any():
        counts = None
    low, high, _ = (proportion_interval(values, counts, confidence) if is_proportion(kpi)
                    else t_interval(values, confidence))
    return float(values.mean()), low, high, len(values)


def bound(runs: pd.DataFrame, tgt: Target, confidence: float) -> float:
    """The confidence bound of ``tgt``'s KPI judged against it: ci_low for ">=", ci_high for "<="."""
    _, low, high, _ = kpi_interval(runs, tgt.kpi, confidence)
    return low if tgt.direction == ">=" else high


def judge(runs: pd.DataFrame, targets: Mapping[str, Target], confidence: float) -> tuple[bool, dict[str, float]]:
    """Whether replications ``runs`` meet every target, and each target's margin (negative: missed)."""
    margins = {kpi: tgt.margin(bound(runs, tgt, confidence)) for kpi, tgt in targets.items()}
    return all(m >= 0 for m in margins.values()), margins


@dataclass
class Judgement:
    key: Key
    met: bool
    margins: dict[str, float]


@contextmanager
def executor_for(executor: Any) -> Iterator[Executor | None]:
    """Where candidates run: the given executor (or a distributed.Client's), else a process pool over the
    available cores (shut down at the end), else nowhere but here (None) on one core."""
    ex = as_executor(executor)
    if ex is not None or default_workers() <= 1:
        yield ex
        return
    with ProcessPoolExecutor(max_workers=default_workers()) as pool:
        yield pool


# The search's stages, by the phase of a candidate (the trace's "phase" column): see sim.staffing.search.
STAGES = {"start": "feasible", "ceiling": "feasible", "up": "feasible", "team": "descend", "shift": "descend",
          "polish": "descend", "verify": "verify", "binding": "binding"}


class Evaluator:
    """Simulates candidate rosters on a fixed set of replications (common random numbers), with a cache.

    ``on_row`` is called with the trace row of every candidate as it is judged, plus ``stage`` (the search
    stage), ``evaluated`` (candidates judged so far) and ``feasible`` (it met the targets): progress bars,
    UIs. ``checkpoint`` is called before every simulation run and after every run collected: it raises to
    stop the search (the runs not started are cancelled).
    """

    def __init__(self, scenario: Scenario, base: CentreOptions, space: RosterSpace, targets: Mapping[str, Target],
                 confidence: float, seed: int, executor: Executor | None, on_row: Callable[[dict], None],
                 checkpoint: Callable[[], None] = lambda: None):
        self.scenario = scenario
        self.base = base
        self.space = space
        self.targets = dict(targets)
        self.confidence = confidence
        self.seed = seed
        self.executor = executor
        self.on_row = on_row
        self.checkpoint = checkpoint
        self.cache: dict[Key, dict[int, pd.Series]] = {}
        self.trace: list[dict] = []
        self.errors: dict[Key, dict[int, str]] = {}
        self.warned = False
        self.round = 0
        self.runs = 0

    def frame(self, key: Key, reps: Sequence[int]) -> pd.DataFrame:
        """The KPIs of ``key`` on replications ``reps`` (already run), one row per replication."""
        return pd.DataFrame([self.cache[key][r] for r in reps]).reset_index(drop=True)

    def judge(self, key: Key, reps: Sequence[int]) -> Judgement:
        met, margins = judge(self.frame(key, reps), self.targets, self.confidence)
        if any(r in self.errors.get(key, {}) for r in reps):
            met = False     # a run that failed is not evidence that the roster works
        return Judgement(key, met, margins)

    def evaluate(self, keys: Sequence[Key], reps: Sequence[int], phase: str) -> list[Judgement]:
        """Judge each roster on ``reps``, simulating the runs not cached yet (all at once, in parallel)."""
        tasks, slots = [], []
        for key in dict.fromkeys(keys):
            have = self.cache.setdefault(key, {})
            for r in reps:
                if r not in have:
                    tasks.append((self.scenario, self.seed, r, with_roster(self.base, self.space.roster(key))))
                    slots.append((key, r))
        if tasks:
            for (key, r), kpis in zip(slots, self._run_all(tasks)):
                self.cache[key][r] = self._kpis_or_failure(key, r, kpis)
            self.runs += len(tasks)
        fresh = dict.fromkeys(k for k, _ in slots)
        out = []
        for key in keys:
            ev = self.judge(key, reps)
            if key in fresh:
                fresh.pop(key)
                self._record(ev, reps, phase)
            out.append(ev)
        return out

    def _run_all(self, tasks: list[tuple]) -> list[pd.Series | Exception]:
        """run_kpis for every task (in parallel on the executor); a run that raises gives its exception."""
        out: list[pd.Series | Exception] = []
        if self.executor is None:
            for args in tasks:
                self.checkpoint()
                try:
                    out.append(run_kpis(*args))
                except Exception as exc:  # noqa: BLE001 - reported in the trace, the candidate fails
                    out.append(exc)
            return out
        self.checkpoint()
        futures = [self.executor.submit(run_kpis, *args) for args in tasks]
        try:
            for fut in futures:
                try:
                    out.append(fut.result())
                except BrokenExecutor:
                    raise
                except Exception as exc:  # noqa: BLE001 - reported in the trace, the candidate fails
                    out.append(exc)
                self.checkpoint()
        except BaseException:
            for fut in futures:      # stopped (or broken): runs not started are not worth waiting for
                fut.cancel()
            raise
        return out

    def _kpis_or_failure(self, key: Key, r: int, kpis: pd.Series | Exception) -> pd.Series:
        if not isinstance(kpis, Exception):
            return kpis
        message = f"{type(kpis).__name__}: {kpis}"
        self.errors.setdefault(key, {})[r] = message
        if not self.warned:
            self.warned = True
            warnings.warn(f"a simulation run failed (seed {self.seed}, replication {r}, roster "
                          f"{self.space.label(key)}): {message}; the search counts that roster as missing "
                          "its targets", RuntimeWarning, stacklevel=4)
        return pd.Series(dtype=float)

    def _record(self, ev: Judgement, reps: Sequence[int], phase: str) -> None:
        worst = min(ev.margins, key=lambda k: ev.margins[k]) if ev.margins else ""
        row = {"candidate": len(self.trace) + 1, "round": self.round, "phase": phase,
               "roster": self.space.label(ev.key), "cost": self.space.cost(ev.key), "met": ev.met,
               "reps": len(reps), "worst": worst, "margin": ev.margins.get(worst, math.nan),
               "failing": ", ".join([k for k, m in ev.margins.items() if m < 0]
                                    + sorted(set(self.errors.get(ev.key, {}).values()))),
               "stage": STAGES.get(phase, phase)}
        self.trace.append(row)
        self.on_row({**row, "evaluated": row["candidate"], "feasible": row["met"]})
