"""A run's records as tables: one row per contact, the event log, the time series, the centre's events.

Like the KPIs (:mod:`sim.simulation.metrics`), these read :class:`~sim.simulation.records.RunRecords`
only. Codes become named categories and simulation minutes become timestamps from the scenario's start.
The complaints table holds every contact that arrived within the horizon, with its outcome after the
drain; the time series and the backlog it shows stop at the horizon.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim.format.vocabulary import SEVERITY_IDS
from sim.simulation.records import EVENT_FIELDS, KINDS, LOG_FIELDS, OUTCOMES, SAMPLE_FIELDS, RunRecords

LOG_COLUMNS = ["case_id", "activity", "timestamp", "resource", "team", "channel", "category", "severity"]


def complaints_frame(records: RunRecords) -> pd.DataFrame:
    """One row per contact, codes turned into named categories and the arrival into a timestamp."""
    start = pd.Timestamp(records.scenario.start)
    df = pd.DataFrame(records.cases)
    df["channel"] = pd.Categorical.from_codes(df["channel"], records.channels)
    df["category"] = pd.Categorical.from_codes(df["category"], records.categories)
    df["severity"] = pd.Categorical.from_codes(df["severity"], SEVERITY_IDS)
    grade = df["grade"].to_numpy()
    df["grade"] = pd.Categorical.from_codes(np.where(grade < 0, -1, grade), SEVERITY_IDS)
    df["kind"] = pd.Categorical.from_codes(df["kind"], KINDS)
    df["outcome"] = pd.Categorical.from_codes(df["outcome"], OUTCOMES)
    df["satisfied"] = df["satisfied"].map({-1: pd.NA, 0: False, 1: True}).astype("boolean")
    df.insert(1, "arrival", start + pd.to_timedelta(df["arrival_min"], unit="min"))
    return df


def log_frame(records: RunRecords) -> pd.DataFrame:
    """The event log, one row per step. Rows are appended at the simulation clock as events happen, so
    they are already in time order (no sort needed on millions of rows)."""
    if not records.log:
        return pd.DataFrame(columns=LOG_COLUMNS)
    raw = pd.DataFrame.from_records(records.log, columns=list(LOG_FIELDS))
    case_id = raw["case_id"].to_numpy()
    cols = records.cases
    start = pd.Timestamp(records.scenario.start)
    return pd.DataFrame({
        "case_id": case_id,
        "activity": raw["activity"].astype("category"),
        "timestamp": start + pd.to_timedelta(raw["minute"].to_numpy(dtype=float), unit="min"),
        "resource": raw["resource"].astype("category"),
        "team": raw["team"].astype("category"),
        "channel": pd.Categorical.from_codes(cols["channel"][case_id], records.channels),
        "category": pd.Categorical.from_codes(cols["category"][case_id], records.categories),
        "severity": pd.Categorical.from_codes(cols["severity"][case_id], SEVERITY_IDS),
    })


def timeseries_frame(records: RunRecords) -> pd.DataFrame:
    """The sampled time series: backlog, public attention, and each team's queue, on duty and busy."""
    names = list(records.teams)
    start = pd.Timestamp(records.scenario.start)
    if not records.samples:
        return pd.DataFrame(columns=["minute", "time", "backlog", "public_attention"])
    sampled = dict(zip(SAMPLE_FIELDS, zip(*records.samples)))
    minute = np.asarray(sampled["minute"], dtype=float)
    cols = {"minute": minute, "time": start + pd.to_timedelta(minute, unit="min"),
            "backlog": np.asarray(sampled["backlog"]),
            "public_attention": np.asarray(sampled["public_attention"], dtype=float)}
    for label, per_team in (("queue", "queues"), ("on_duty", "on_duty"), ("busy", "busy")):
        arr = np.asarray(sampled[per_team], dtype=np.int64).reshape(len(minute), len(names))
        for j, name in enumerate(names):
            cols[f"{label}.{name}"] = arr[:, j]
    frame = pd.DataFrame(cols)
    order = ["minute", "time", "backlog", "public_attention"] + \
        [f"{label}.{name}" for name in names for label in ("queue", "on_duty", "busy")]
    return frame[order]


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
