"""A run's records as tables: one row per contact, the event log, the time series, the centre's events.

Like the KPIs (:mod:`sim.simulation.metrics`), these read :class:`~sim.simulation.records.RunRecords`
only. Codes become named categories (listed in sorted order, the ones that occur) and simulation minutes
become timestamps from the scenario's start. Building them keeps the garbage collector paused
(:mod:`sim.simulation.collector`).
The complaints table holds every contact that arrived within the horizon, with its outcome after the
drain; the time series and the backlog it shows stop at the horizon.

Minutes become timestamps a block of rows at a time (:func:`timestamps`): pandas' conversion of a whole
column holds some 60 bytes a row of intermediates, which for a year's event log was the peak memory of
the whole run.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from sim.format.vocabulary import SEVERITY_IDS
from sim.simulation.casebook import ACTIVITIES, NO_AGENT, SELF_SERVICE
from sim.simulation.collector import paused
from sim.simulation.records import EVENT_FIELDS, KINDS, OUTCOMES, RunRecords, SampleTable

TIME_BLOCK = 1 << 16                        # rows converted to timestamps at a time
LOG_COLUMNS = ["case_id", "activity", "timestamp", "resource", "team", "channel", "category", "severity"]


@lru_cache(maxsize=256)
def _categories(names: tuple[str, ...]) -> pd.CategoricalDtype:
    """The categorical type of ``names`` (built once: building it costs more than coding a column)."""
    return pd.CategoricalDtype(list(names))


def _coded(codes: np.ndarray, names: tuple[str, ...] | list[str]) -> pd.Categorical:
    """``pd.Categorical.from_codes(codes, names)``, with the type built once per list of names."""
    return pd.Categorical.from_codes(codes, dtype=_categories(tuple(names)))


@paused()
def complaints_frame(records: RunRecords) -> pd.DataFrame:
    """One row per contact, codes turned into named categories and the arrival into a timestamp."""
    start = pd.Timestamp(records.scenario.start)
    cases = records.cases
    columns = dict(cases)                   # (the code columns are replaced here, never written)
    columns["channel"] = _coded(cases["channel"], records.channels)
    columns["category"] = _coded(cases["category"], records.categories)
    columns["severity"] = _coded(cases["severity"], SEVERITY_IDS)
    grade = cases["grade"]
    columns["grade"] = _coded(np.where(grade < 0, -1, grade), SEVERITY_IDS)
    columns["kind"] = _coded(cases["kind"], KINDS)
    columns["outcome"] = _coded(cases["outcome"], OUTCOMES)
    satisfied = cases["satisfied"]          # -1 not surveyed (NA), 0 no, 1 yes
    columns["satisfied"] = pd.arrays.BooleanArray(satisfied == 1, satisfied < 0)
    df = pd.DataFrame(columns, copy=False)
    df.insert(1, "arrival", timestamps(start, cases["arrival_min"]))
    return df


@paused()
def log_frame(records: RunRecords) -> pd.DataFrame:
    """The event log, one row per step. Rows are written at the simulation clock as events happen, so
    they are already in time order (no sort needed on millions of rows)."""
    log = records.log
    if not len(log["case_id"]):
        return pd.DataFrame(columns=LOG_COLUMNS)
    case_id = log["case_id"].astype(np.int64)
    cols = records.cases
    start = pd.Timestamp(records.scenario.start)
    return pd.DataFrame({
        "case_id": case_id,
        "activity": _named(log["activity"], ACTIVITIES),
        "timestamp": timestamps(start, log["minute"]),
        "resource": _resources(log["team"], log["agent"], records.team_names),
        "team": _named(log["team"], records.team_names),
        "channel": _coded(cols["channel"][case_id], records.channels),
        "category": _coded(cols["category"][case_id], records.categories),
        "severity": _coded(cols["severity"][case_id], SEVERITY_IDS),
    }, copy=False)                              # (every column is new: no copy of millions of rows)


def timestamps(start: pd.Timestamp, minutes: np.ndarray, block: int = TIME_BLOCK) -> pd.DatetimeIndex:
    """``start + minutes`` as timestamps, exactly as ``start + pd.to_timedelta(minutes, unit="min")``, but
    converted ``block`` rows at a time into one array, so the intermediates stay a block long.

    >>> minutes = np.array([0.0, 1.5, 60.0, np.nan, 1440.25])
    >>> start = pd.Timestamp("2026-10-12")
    >>> whole = start + pd.to_timedelta(minutes, unit="min")
    >>> timestamps(start, minutes, block=2).equals(whole), str(timestamps(start, minutes, block=2)[4])
    (True, '2026-10-13 00:00:15')
    """
    first = start + pd.to_timedelta(minutes[:block], unit="min")
    if len(minutes) <= block or not isinstance(first.dtype, np.dtype):     # short, or with a time zone
        return first if len(minutes) <= block else start + pd.to_timedelta(minutes, unit="min")
    out = np.empty(len(minutes), dtype=first.dtype)
    out[:block] = first.to_numpy()
    for at in range(block, len(minutes), block):
        out[at:at + block] = (start + pd.to_timedelta(minutes[at:at + block], unit="min")).to_numpy()
    return pd.DatetimeIndex(out, copy=False)


def _named(codes: np.ndarray, names: tuple[str, ...] | list[str]) -> pd.Categorical:
    """Codes into ``names`` as a categorical of the names that occur, in sorted order.

    >>> list(_named(np.array([2, 0, 2]), ("b", "c", "a")))
    ['a', 'b', 'a']
    >>> list(_named(np.array([2, 0, 2]), ("b", "c", "a")).categories)
    ['a', 'b']
    """
    present = np.unique(codes)
    order = sorted(range(len(present)), key=lambda k: names[present[k]])
    position = np.zeros(len(names), dtype=np.int32)
    position[present[order]] = np.arange(len(present), dtype=np.int32)
    return _coded(position[codes], [names[present[k]] for k in order])


def _resources(team: np.ndarray, agent: np.ndarray, team_names: tuple[str, ...]) -> pd.Categorical:
    """Who did each step: an agent ("frontline-3": team and number), "self_service", or nobody ("").
    (A table by team and agent number, not a sort of the whole log: millions of rows need no copies.)"""
    column = agent + 1                                  # SELF_SERVICE (-1) in column 0
    seen = np.zeros((len(team_names), int(column.max()) + 1), dtype=bool)
    seen[team, column] = True
    pairs = [(t, c - 1) for t, c in zip(*np.nonzero(seen))]
    labels = ["" if a == NO_AGENT else "self_service" if a == SELF_SERVICE else f"{team_names[t]}-{a}"
              for t, a in pairs]
    distinct = sorted(set(labels))
    code = {label: k for k, label in enumerate(distinct)}   # (a year has thousands of agents: no list.index)
    where = np.zeros(seen.shape, dtype=np.int32)
    for (t, a), label in zip(pairs, labels):
        where[t, a + 1] = code[label]
    return _coded(where[team, column], distinct)


@paused()
def timeseries_frame(records: RunRecords) -> pd.DataFrame:
    """The sampled time series: backlog, public attention, and each team's queue, on duty and busy."""
    names = list(records.teams)
    start = pd.Timestamp(records.scenario.start)
    if not len(records.samples):
        return pd.DataFrame(columns=["minute", "time", "backlog", "public_attention"])
    sampled = SampleTable.from_rows(records.samples, len(names)).columns
    minute = sampled["minute"]
    cols = {"minute": minute, "time": timestamps(start, minute),
            "backlog": sampled["backlog"], "public_attention": sampled["public_attention"]}
    for j, name in enumerate(names):        # each team's queue, on duty and busy, side by side
        for label, per_team in (("queue", "queues"), ("on_duty", "on_duty"), ("busy", "busy")):
            cols[f"{label}.{name}"] = sampled[per_team][:, j].copy()
    return pd.DataFrame(cols, copy=False)


def activations_frame(records: RunRecords) -> pd.DataFrame:
    """The centre's events: triggers holding, the plan's activation, actions taking effect, call-ins."""
    start = pd.Timestamp(records.scenario.start)
    rows = [dict(zip(EVENT_FIELDS, event)) for event in records.events]
    for row in rows:
        row["time"] = start + pd.Timedelta(minutes=row["minute"])
    return pd.DataFrame(rows, columns=["minute", "time", "event", "detail"])


def share_waiting_under(complaints: pd.DataFrame, t: float, warm_up: float = 0.0) -> float:
    """Share of synchronous arrivals whose wait before intake was at most ``t`` minutes (Erlang's SL)."""
    c = complaints[(complaints["sync"]) & (complaints["arrival_min"] >= warm_up)]
    wait = np.where(c["intake_min"].notna(), c["intake_min"] - c["arrival_min"],
                    np.where(c["deflected"], 0.0, np.inf))
    answered = (c["intake_min"].notna() | c["deflected"]).to_numpy()
    return float((answered & (wait <= t)).mean()) if len(c) else math.nan
