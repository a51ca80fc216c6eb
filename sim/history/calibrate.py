"""Calibration: a history table in, every fit a scenario needs out, in one plain record.

:func:`calibrate` runs the fits in the order their results depend on each other:

1. the period (the table's, in the centre's local time ``tz``) and the retries (a caller trying again
   after hanging up is the simulator's to make, not an arrival);
2. demand (:mod:`sim.history.fit_demand`): the arrival profile per channel with holidays flagged, the
   category and severity mixes; an incident window, if one is marked, is left out of the baseline;
3. service times (:mod:`sim.history.fit_service`): frontline intake and minor resolution, then the other
   teams' resolution, identified where the roster of the *base* scenario shows a free agent;
4. customers (:mod:`sim.history.fit_customers`): patience per synchronous channel (censored), and
   satisfaction by lateness.

What the history cannot tell (the roster, consult and review times, follow-up delay, grading accuracy,
the share of hang-ups who go public) comes from the base scenario, and the written scenario says so
(:mod:`sim.history.scenario_writer`). The base is any scenario of the same plan: the library's baseline
week by default.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.format.library import find_scenario_file
from sim.format.load import load_scenario, scenario_from_dict
from sim.format.plan import Plan
from sim.format.scenario import Scenario
from sim.format.yamlio import read_yaml
from sim.history.calibrate_errors import CalibrationError
from sim.history.fit_customers import SatisfactionFit, fit_patience, fit_satisfaction
from sim.history.fit_demand import (
    ArrivalFit,
    MixFit,
    RetryFit,
    find_retries,
    fit_arrivals,
    fit_mixes,
    local_times,
)
from sim.history.fit_distributions import DistFit
from sim.history.fit_service import ServiceFit, fit_frontline, fit_handlers
from sim.history.table import check_table

DEFAULT_BASE = "busy_week_baseline"


@dataclass(frozen=True)
class Base:
    """The scenario the calibration takes what history cannot tell from: validated, and as written."""
    scenario: Scenario
    data: dict[str, Any]            # the document as written (durations keep their units)
    path: Path | None = None        # where it was read from (None: built in memory)

    @property
    def plan(self) -> Plan:
        return self.scenario.plan


def load_base(name: str | Path | None = None) -> Base:
    """A base scenario by path or library name (default: the library's baseline week)."""
    path = find_scenario_file(str(name or DEFAULT_BASE))
    return Base(load_scenario(path), dict(read_yaml(path).data), path)


def base_from_dict(data: dict[str, Any], plan: Plan) -> Base:
    """A base scenario given as plain data (tests, generated variants)."""
    return Base(scenario_from_dict(data, plan), data)


@dataclass(frozen=True)
class Calibration:
    """Everything :func:`calibrate` fitted, and what it rests on."""
    table: pd.DataFrame = field(repr=False)
    base: Base = field(repr=False)
    tz: str
    start: datetime                     # local, naive: the scenario's start
    horizon: float                      # minutes
    now: pd.Timestamp                   # the export's last timestamp (UTC): what is still open is censored there
    arrivals: ArrivalFit
    retries: RetryFit
    mixes: MixFit
    service: list[ServiceFit]
    patience: dict[str, DistFit]
    satisfaction: SatisfactionFit | None
    excluded: tuple[tuple[pd.Timestamp, pd.Timestamp], ...] = ()   # local windows left out (an incident)

    @property
    def plan(self) -> Plan:
        return self.base.plan

    @property
    def rows(self) -> int:
        return len(self.table)

    def period_text(self) -> str:
        end = pd.Timestamp(self.start) + pd.Timedelta(minutes=self.horizon)
        return f"{pd.Timestamp(self.start):%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M} ({self.tz})"

    def service_fit(self, team: str, activity: str, category: str | None = None) -> ServiceFit | None:
        return next((f for f in self.service if (f.team, f.activity, f.category) == (team, activity, category)),
                    None)


def period_of(table: pd.DataFrame, tz: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The period the table covers (its ``period`` attribute, else first and last created), local and naive."""
    start, end = table.attrs.get("period", (pd.NaT, pd.NaT))
    if pd.isna(start) or pd.isna(end):
        start, end = table["created"].min(), table["created"].max()
    if pd.isna(start):
        raise CalibrationError("calibrate.err.empty")
    local = local_times(pd.Series([pd.Timestamp(start), pd.Timestamp(end)]), tz)
    return local.iloc[0], local.iloc[1]


def export_time(table: pd.DataFrame, period_end_utc: pd.Timestamp) -> pd.Timestamp:
    """When the export was taken, as far as the table shows: its latest timestamp, at least the period's end."""
    latest = max((table[c].max() for c in ("created", "first_response", "resolved", "abandoned")
                  if table[c].notna().any()), default=period_end_utc)
    return max(pd.Timestamp(latest), period_end_utc)


def calibrate(table: pd.DataFrame, base: Base | None = None, *, tz: str = "UTC",
              exclude: tuple[tuple[pd.Timestamp, pd.Timestamp], ...] = ()) -> Calibration:
    """Fit every part of a scenario to ``table`` (a canonical history table; see the module docstring).

    ``exclude``: local, naive time windows left out of the baseline fits (an incident replayed on its own).
    ValueError (one line) when the table breaks the contract or does not cover a week."""
    check_table(table)
    base = base or load_base()
    plan = base.plan
    start, end = period_of(table, tz)
    start = start.floor("min")
    horizon = (end - start) / pd.Timedelta(minutes=1)
    if horizon < 6.5 * 1440:        # every hour of the week must be seen (fit_arrivals checks each one)
        raise CalibrationError("calibrate.err.short", days=f"{horizon / 1440:.1f}")
    end_utc = pd.Timestamp(start).tz_localize(tz).tz_convert("UTC") + pd.Timedelta(minutes=horizon)
    now = export_time(table, end_utc)
    retries = find_retries(table, end_utc)
    local = local_times(table["created"], tz)
    in_period = ((local >= start) & (local < end)).to_numpy()
    first = in_period & ~retries.retry_rows
    for lo, hi in exclude:
        first &= ~((local >= lo) & (local < hi)).to_numpy()
    arrivals = fit_arrivals(table, plan, tz, start, end, list(exclude), first_contact=~retries.retry_rows)
    mixes = fit_mixes(table, plan, first)
    service = fit_frontline(table, plan)
    intake = next((f.fit.mean for f in service if f.activity == "intake"), 0.0)
    service += fit_handlers(table, plan, base.scenario, start.to_pydatetime(), tz, horizon, intake)
    patience = fit_patience(table, plan, now)
    follow = base.scenario.follow_up
    # A survey is a new contact: none is made after the period (the simulator's rule too), so the share
    # is measured on contacts resolved early enough for their survey to fall within it.
    satisfaction = fit_satisfaction(table, plan, end_utc, follow.after if follow else 1440.0)
    return Calibration(table, base, tz, start.to_pydatetime(), float(horizon), now, arrivals, retries, mixes,
                       service, patience, satisfaction, tuple(exclude))


def minutes_since_start(cal: Calibration, times: pd.Series) -> np.ndarray:
    """UTC timestamps as minutes after the calibrated scenario's start (NaN for missing ones)."""
    origin = pd.Timestamp(cal.start).tz_localize(cal.tz).tz_convert("UTC")
    out = ((times - origin).dt.total_seconds() / 60.0).to_numpy(dtype=float)
    return np.where(np.isfinite(out), out, math.nan)
