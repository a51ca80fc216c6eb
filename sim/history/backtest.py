"""Back-test: the calibrated scenario simulated over the history's period, its KPIs next to the history's.

**The same rules on both sides.** The history's KPIs are not re-derived here: the table is turned into the
simulator's own records (:class:`sim.simulation.records.RunRecords`, :func:`history_records`) and measured
by :func:`sim.simulation.metrics.compute_kpis`, exactly as a simulated run is. Contacts become cases
(arrival, channel, category, severity, first response, resolution, hang-up, survey), the export's time is
where the records end (a case still open whose deadline has not come is left out, as in a drill stopped
midway), and the backlog is sampled every 15 minutes as the centre samples it. The service level (share of
calls and chats answered within ``within`` minutes) is :func:`sim.simulation.frames.share_waiting_under`
on both sides too.

**What is compared.** First response on time (overall and per grade), resolution on time, abandonment,
the share of callers who waited, the service level, satisfaction and the backlog (at the period's end and
its peak). The crisis group's notification is not in a ticket export and is left out.

**The interval.** The history is one run of the real centre, so it is compared with where one simulated
run falls, not with the mean's confidence interval (which shrinks with every replication and would reject
a perfect model given enough runs): the 95 % prediction interval of one run from ``reps`` replications,
mean +- t(0.975, reps-1) x sd x sqrt(1 + 1/reps), kept inside [0, 1] for shares.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.format.scenario import Scenario
from sim.format.vocabulary import SEVERITY_IDS
from sim.simulation.centre import Centre, CentreOptions
from sim.simulation.frames import share_waiting_under
from sim.simulation.intervals import t_value
from sim.simulation.metrics import compute_kpis, is_proportion
from sim.simulation.records import ABANDONED, FIRST, OPEN, RESOLVED, RunRecords
from sim.simulation.replication import map_runs

SAMPLE_EVERY = 15.0
SERVICE_LEVEL = "service_level"
COMPARED = ("first_response_on_time", "first_response_on_time.minor", "first_response_on_time.moderate",
            "first_response_on_time.major", "resolution_on_time", "abandon_rate", "wait_probability",
            SERVICE_LEVEL, "satisfaction", "backlog_at_horizon", "backlog_peak")


def _minutes(times: pd.Series, origin: pd.Timestamp) -> np.ndarray:
    return ((times - origin).dt.total_seconds() / 60.0).to_numpy(dtype=float)


def history_records(table: pd.DataFrame, scenario: Scenario, tz: str, now: pd.Timestamp | None = None) -> RunRecords:
    """The history as the simulator's records (see the module docstring); contacts outside the scenario's
    horizon, or on a channel the plan does not know, are left out. ``now``: when the export was taken
    (default: its latest timestamp)."""
    plan = scenario.plan
    origin = pd.Timestamp(scenario.start).tz_localize(tz).tz_convert("UTC")
    arrive = _minutes(table["created"], origin)
    channels, categories = list(plan.channels), list(plan.categories)
    keep = (arrive >= 0) & (arrive < scenario.horizon) & table["channel"].isin(channels).to_numpy()
    t = table[keep]
    arrive = arrive[keep]
    first = _minutes(t["first_response"], origin)
    resolved = _minutes(t["resolved"], origin)
    gone = _minutes(t["abandoned"], origin)
    if now is None:
        now = max(t[c].max() for c in ("created", "first_response", "resolved", "abandoned") if t[c].notna().any())
    sync_of = {ch: spec.synchronous for ch, spec in plan.channels.items()}
    sync = t["channel"].map(sync_of).to_numpy(dtype=bool)
    fallback = categories.index("other") if "other" in categories else 0
    category = t["category"].map({c: i for i, c in enumerate(categories)}).fillna(fallback).to_numpy(dtype=np.int16)
    severity = t["severity"].map({s: i for i, s in enumerate(SEVERITY_IDS)}).fillna(0).to_numpy(dtype=np.int8)
    abandoned = np.isfinite(gone)
    is_resolved = np.isfinite(resolved) & ~abandoned
    end = np.where(abandoned, gone, np.where(is_resolved, resolved, np.nan))
    said = t["satisfied"]
    n = len(t)
    cases = {
        "case_id": np.arange(n, dtype=np.int64), "arrival_min": arrive,
        "channel": t["channel"].map({c: i for i, c in enumerate(channels)}).to_numpy(dtype=np.int16),
        "category": category, "severity": severity, "grade": severity.copy(),
        "incident": np.full(n, -1, dtype=np.int16), "kind": np.full(n, FIRST, dtype=np.int8),
        "parent": np.full(n, -1, dtype=np.int64), "sync": sync,
        "waited": sync & ((np.nan_to_num(first, nan=np.inf) - arrive > 1e-6) | abandoned),
        "intake_min": np.where(sync, first, np.nan), "first_response_min": first,
        "crisis_notified_min": np.full(n, np.nan), "crisis_review_min": np.full(n, np.nan),
        "resolved_min": np.where(is_resolved, resolved, np.nan), "end_min": end,
        "outcome": np.where(abandoned, ABANDONED, np.where(is_resolved, RESOLVED, OPEN)).astype(np.int8),
        "escalations": np.zeros(n, dtype=np.int16),
        "satisfied": np.where(said.isna(), -1, said.fillna(False).astype(int)).astype(np.int8),
        "deflected": np.zeros(n, dtype=bool),
    }
    grid = np.arange(0.0, scenario.horizon + 1e-9, SAMPLE_EVERY)
    arrived = np.searchsorted(np.sort(arrive), grid, "right")
    closed = np.searchsorted(np.sort(end[np.isfinite(end)]), grid, "right")
    samples = [(float(m), int(b), 0.0, (), (), ()) for m, b in zip(grid, arrived - closed)]
    return RunRecords(scenario, float((pd.Timestamp(now) - origin).total_seconds() / 60.0), cases, samples=samples)


def kpis_of(records: RunRecords, within: float) -> pd.Series:
    """The simulator's KPIs of ``records``, plus the service level (answered within ``within`` minutes)."""
    k = compute_kpis(records)
    k[SERVICE_LEVEL] = share_waiting_under(pd.DataFrame(records.cases), within, records.scenario.warm_up)
    return k


def _one_run(scenario: Scenario, seed: int, replication: int, within: float) -> pd.Series:
    centre = Centre(scenario, seed=seed, replication=replication, options=CentreOptions(record_log=False))
    centre.run()
    return kpis_of(centre.records(), within)


@dataclass(frozen=True)
class Backtest:
    """The comparison: one row per KPI (history, simulated mean, interval, difference, inside)."""
    rows: pd.DataFrame
    reps: int
    within: float

    @property
    def inside(self) -> int:
        return int(self.rows["inside"].fillna(False).sum())

    @property
    def judged(self) -> int:
        return int(self.rows["inside"].notna().sum())


def backtest(table: pd.DataFrame, scenario: Scenario, tz: str, *, reps: int = 5, seed: int | None = None,
             within: float = 20 / 60, now: pd.Timestamp | None = None, executor=None) -> Backtest:
    """Simulate ``scenario`` ``reps`` times and compare its KPIs with the history's (module docstring)."""
    if reps < 2:
        raise ValueError("a back-test needs at least 2 replications for its interval")
    history = kpis_of(history_records(table, scenario, tz, now), within)
    base = scenario.seed if seed is None else seed
    runs = pd.DataFrame(map_runs(_one_run, [(scenario, base, i, within) for i in range(reps)], executor,
                                 progress=False))
    q = t_value(0.95, reps) * math.sqrt(1 + 1 / reps)        # t with reps - 1 d.f.
    rows = []
    for kpi in COMPARED:
        values = runs[kpi].to_numpy(dtype=float) if kpi in runs else np.array([])
        values = values[np.isfinite(values)]
        h = float(history.get(kpi, math.nan))
        if len(values) < 2 or math.isnan(h):
            rows.append({"kpi": kpi, "history": h, "mean": math.nan, "low": math.nan, "high": math.nan,
                         "difference": math.nan, "inside": pd.NA})
            continue
        mean, sd = float(values.mean()), float(values.std(ddof=1))
        low, high = max(0.0, mean - q * sd), mean + q * sd        # shares and counts alike are never negative
        if is_proportion(kpi) or kpi == SERVICE_LEVEL:
            high = min(1.0, high)
        rows.append({"kpi": kpi, "history": h, "mean": mean, "low": low, "high": high, "difference": h - mean,
                     "inside": bool(low - 1e-12 <= h <= high + 1e-12)})
    return Backtest(pd.DataFrame(rows), reps, within)
