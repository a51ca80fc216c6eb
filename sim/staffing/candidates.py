"""Candidate rosters: the box a staffing search moves in, and how a candidate is judged by simulation.

A candidate is a roster written as a *key*: one tuple of headcounts per team, in the search's team order
(``((6, 3), (2,), ...)``), so that it can be cached and compared. :class:`RosterSpace` holds the shifts
the search may change, what one person costs on each, the warm start and a generous ceiling.

A candidate *meets* the targets when, over its replications, the confidence bound of every target KPI
is on the right side: the lower bound (ci_low) for an "at least" target, the upper bound (ci_high) for
an "at most" target (:func:`sim.simulation.metrics.t_half_width`, as in the replication summary). Every candidate is
simulated on the same replications 0..reps-1 of one seed (*common random numbers*): two rosters face the
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

from sim.simulation.metrics import t_half_width
from sim.simulation.replication import as_executor, default_workers, run_kpis
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
    the horizon) move between 0 and ``ceiling``, starting at the warm start; ``person`` is what one person
    on a shift costs over the horizon."""
    team_order: tuple[str, ...]
    searched: list[ShiftAt]
    person: dict[ShiftAt, float]
    start: Key
    ceiling: Key

    @classmethod
    def around(cls, scenario: Scenario, warm: WarmStart) -> RosterSpace:
        """From the warm start up to a generous ceiling: twice the warm start plus two, at least the
        scenario's own headcount."""
        table = shift_table(scenario)
        team_order = tuple(scenario_roster(scenario))
        searched = [(team_order.index(r.team), r.shift) for r in table.itertuples()
                    if r.team in warm.teams and r.hours > 0]
        person = {(team_order.index(r.team), r.shift): r.hours * r.cost_per_hour for r in table.itertuples()
                  if r.team in team_order}
        start = tuple(tuple(warm.roster[t]) for t in team_order)
        ceiling = with_counts(start, {s: max(head(start, s) * 2 + 2,
                                             scenario.staffing[team_order[s[0]]].shifts[s[1]].staff)
                                      for s in searched})
        return cls(team_order, searched, person, start, ceiling)

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

def bound(values: np.ndarray, direction: str, confidence: float) -> float:
    """The confidence bound judged against a target: ci_low for ">=", ci_high for "<=" (Student t)."""
    values = values[~np.isnan(values)]
    if len(values) == 0:
        return math.nan
    mean = float(values.mean())
    half = t_half_width(values, confidence)
    return mean - half if direction == ">=" else mean + half


def judge(runs: pd.DataFrame, targets: Mapping[str, Target], confidence: float) -> tuple[bool, dict[str, float]]:
    """Whether replications ``runs`` meet every target, and each target's margin (negative: missed)."""
    margins = {}
    for kpi, tgt in targets.items():
        values = runs[kpi].to_numpy(dtype=float) if kpi in runs else np.array([])
        margins[kpi] = tgt.margin(bound(values, tgt.direction, confidence))
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


class Evaluator:
    """Simulates candidate rosters on a fixed set of replications (common random numbers), with a cache.

    ``on_row`` is called with the trace row of every candidate as it is judged (progress bars, UIs).
    """

    def __init__(self, scenario: Scenario, base: CentreOptions, space: RosterSpace, targets: Mapping[str, Target],
                 confidence: float, seed: int, executor: Executor | None, on_row: Callable[[dict], None]):
        self.scenario = scenario
        self.base = base
        self.space = space
        self.targets = dict(targets)
        self.confidence = confidence
        self.seed = seed
        self.executor = executor
        self.on_row = on_row
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
                try:
                    out.append(run_kpis(*args))
                except Exception as exc:  # noqa: BLE001 - reported in the trace, the candidate fails
                    out.append(exc)
            return out
        futures = [self.executor.submit(run_kpis, *args) for args in tasks]
        for fut in futures:
            try:
                out.append(fut.result())
            except BrokenExecutor:
                raise
            except Exception as exc:  # noqa: BLE001 - reported in the trace, the candidate fails
                out.append(exc)
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
                                    + sorted(set(self.errors.get(ev.key, {}).values())))}
        self.trace.append(row)
        self.on_row(row)
