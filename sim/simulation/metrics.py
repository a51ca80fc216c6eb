"""From a run's records to tables and KPIs; replication means with Student-t confidence intervals.

Everything here reads :class:`~sim.simulation.records.RunRecords` (what ``Centre.records()`` returns:
plain arrays and lists), never the live model, so KPIs can be computed from saved or shipped records
as well as from a run that just finished.

KPI definitions (names are part of the API):

* ``first_response_on_time[.sev]`` — share of complaints whose first response came within the plan's
  target for their true severity. Abandoned contacts are left out (``abandon_rate`` measures them; a
  customer who tries again is measured on that contact); a complaint still waiting at the horizon counts
  as missed once its target has passed and is left out before that.
* ``first_response_within_24h`` — the same against the source plan's absolute rule (every complaint).
* ``resolution_on_time[.sev]`` — resolved within the resolution target; open past it counts as missed.
* ``wait_probability`` — share of synchronous arrivals that could not start intake on arrival
  (abandoners included); ``mean_wait_min`` — wait before intake averaged over all synchronous arrivals,
  an abandoner's wait being the time until they left; ``abandon_rate`` — abandoners over synchronous
  arrivals. These match Erlang C / Erlang A (sim.staffing) for comparison.
* ``crisis_notification_on_time`` — share of truly major complaints whose crisis-group notification came
  within its target (a major case graded lower and never notified counts as missed);
  ``crisis_notification_lag_mean_min`` averages the lag over the truly major complaints notified.
* ``satisfaction`` — share of surveyed customers satisfied (see sim.rules.satisfaction_probability).
* ``backlog_clear_min`` — minutes from the backlog's peak until it is back within 20 % (+5 cases) of its
  level before the first incident (NaN if it never is before the horizon).

Warm-up: complaints arriving before ``scenario.warm_up`` are excluded from every KPI.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats

from sim import rules
from sim.format.vocabulary import SEVERITY_IDS
from sim.rules import GRADES
from sim.simulation.records import (
    ABANDONED,
    EVENT_FIELDS,
    KINDS,
    LOG_FIELDS,
    OPEN,
    OUTCOMES,
    REPEAT,
    RESOLVED,
    SAMPLE_FIELDS,
    RunRecords,
)

if TYPE_CHECKING:
    from sim.format.plan import Plan

LOG_COLUMNS = ["case_id", "activity", "timestamp", "resource", "team", "channel", "category", "severity"]


def _on_time(elapsed: np.ndarray, done: np.ndarray, missed_always: np.ndarray, waited_so_far: np.ndarray,
             target: np.ndarray) -> float:
    """Share on time among cases whose status against the target is known."""
    met = done & (elapsed <= target)
    late = (done & (elapsed > target)) | missed_always | (~done & ~missed_always & (waited_so_far > target))
    n = met.sum() + late.sum()
    return float(met.sum() / n) if n else math.nan


def compute_kpis(records: RunRecords) -> pd.Series:
    """Every KPI of one run (see the module docstring), from its records."""
    sc = records.scenario
    plan = sc.plan
    horizon = sc.horizon
    cols = records.cases
    keep = cols["arrival_min"] >= sc.warm_up
    c = {k: v[keep] for k, v in cols.items()}
    arrive = c["arrival_min"]
    sev = c["severity"]
    outcome = c["outcome"]
    k: dict[str, float] = {}
    k["arrived"] = float(len(arrive))
    k["resolved"] = float((outcome == RESOLVED).sum())
    k["abandoned"] = float((outcome == ABANDONED).sum())
    k["open"] = float((outcome == OPEN).sum())

    first = c["first_response_min"]
    responded = ~np.isnan(first) & (first <= horizon)
    fr_elapsed = np.where(responded, first - arrive, np.inf)
    abandoned = outcome == ABANDONED
    so_far = horizon - arrive
    fr_target = np.array([rules.first_response_target(plan, g) for g in GRADES])[sev]
    res_target = np.array([rules.resolution_target(plan, g) for g in GRADES])[sev]
    # Abandoned contacts are measured by abandon_rate; a customer who tries again is measured on that
    # contact. Counting the hang-up as a missed first response as well would count it twice.
    na = ~abandoned
    never = np.zeros(len(arrive), dtype=bool)
    k["first_response_on_time"] = _on_time(fr_elapsed[na], responded[na], never[na], so_far[na], fr_target[na])
    for i, name in enumerate(SEVERITY_IDS):
        m = (sev == i) & na
        k[f"first_response_on_time.{name}"] = _on_time(fr_elapsed[m], responded[m], never[m], so_far[m],
                                                        fr_target[m])
    k["first_response_within_24h"] = _on_time(fr_elapsed[na], responded[na], never[na], so_far[na],
                                              np.full(int(na.sum()), plan.targets.first_response_all))
    k["first_response_mean_min"] = float(fr_elapsed[responded].mean()) if responded.any() else math.nan
    k["first_response_p90_min"] = float(np.percentile(fr_elapsed[responded], 90)) if responded.any() else math.nan

    resolved = outcome == RESOLVED
    res_elapsed = np.where(resolved, c["resolved_min"] - arrive, np.inf)
    not_abandoned = ~abandoned
    none = np.zeros(len(arrive), dtype=bool)
    k["resolution_on_time"] = _on_time(res_elapsed[not_abandoned], resolved[not_abandoned], none[not_abandoned],
                                       so_far[not_abandoned], res_target[not_abandoned])
    for i, name in enumerate(SEVERITY_IDS):
        m = (sev == i) & not_abandoned
        k[f"resolution_on_time.{name}"] = _on_time(res_elapsed[m], resolved[m], none[m], so_far[m], res_target[m])
    k["resolution_mean_min"] = float(res_elapsed[resolved].mean()) if resolved.any() else math.nan

    sync = c["sync"]
    if sync.any():
        intake = c["intake_min"][sync]
        end = c["end_min"][sync]
        a = arrive[sync]
        ab = abandoned[sync]
        served_by_self = c["deflected"][sync]
        wait = np.where(~np.isnan(intake), intake - a,
                        np.where(ab, end - a, np.where(served_by_self, 0.0, horizon - a)))
        k["wait_probability"] = float(c["waited"][sync].mean())
        k["mean_wait_min"] = float(wait.mean())
        k["abandon_rate"] = float(ab.mean())
    else:
        k["wait_probability"] = k["mean_wait_min"] = k["abandon_rate"] = math.nan

    notified = c["crisis_notified_min"]
    lag = notified - arrive
    has_lag = ~np.isnan(lag) & (notified <= horizon)
    majors = (sev == rules.MAJOR) & not_abandoned
    k["crisis_notification_lag_mean_min"] = float(lag[has_lag & majors].mean()) if (has_lag & majors).any() \
        else math.nan
    target = plan.targets.crisis_group_notification
    k["crisis_notification_on_time"] = _on_time(np.where(has_lag, lag, np.inf)[majors], has_lag[majors],
                                                none[majors], so_far[majors], np.full(majors.sum(), target))
    k["escalations"] = float(c["escalations"].sum())
    k["deflected"] = float(c["deflected"].sum())
    k["repeat_contacts"] = float((c["kind"] == REPEAT).sum())

    overtime = cost = 0.0
    for name, team in records.teams.items():
        k[f"utilisation.{name}"] = team.busy_min / team.duty_min if team.duty_min > 0 else math.nan
        overtime += team.overtime_min
        cost += team.duty_min / 60.0 * team.cost_per_hour
    k["overtime_hours"] = overtime / 60.0
    k["staff_cost"] = cost

    samples = np.array([(s[0], s[1]) for s in records.samples]) if records.samples else np.zeros((0, 2))
    after = samples[samples[:, 0] >= sc.warm_up] if len(samples) else samples
    if len(after):
        peak_i = int(after[:, 1].argmax())
        k["backlog_peak"] = float(after[peak_i, 1])
        first_inc = min((inc.at for inc in sc.incidents), default=None)
        ref_mask = after[:, 0] < first_inc if first_inc is not None else np.ones(len(after), dtype=bool)
        ref_mask &= after[:, 0] >= (first_inc - 1440 if first_inc is not None else -np.inf)
        reference = float(np.median(after[ref_mask, 1])) if ref_mask.any() else float(np.median(after[:, 1]))
        later = np.flatnonzero(after[peak_i:, 1] <= 1.2 * reference + 5)
        k["backlog_clear_min"] = float(after[peak_i + later[0], 0] - after[peak_i, 0]) if len(later) else math.nan
    else:
        k["backlog_peak"] = k["backlog_clear_min"] = math.nan
    k["plan_activated_min"] = records.activated_at
    surveyed = c["satisfied"] >= 0
    k["satisfaction"] = float(c["satisfied"][surveyed].mean()) if surveyed.any() else math.nan
    return pd.Series(k, name="value")


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


def t_half_width(values: np.ndarray, confidence: float) -> float:
    """Half-width of the Student-t confidence interval of the mean of ``values`` (NaN-free): NaN for no
    value, 0 for one (a single replication has no spread to measure).

    >>> t_half_width(np.array([1.0, 2.0, 3.0]), 0.95)   # t(0.975, 2) x 1 / sqrt(3)
    2.4841...
    """
    n = len(values)
    if n > 1:
        return float(stats.t.ppf(0.5 + confidence / 2, n - 1) * values.std(ddof=1) / math.sqrt(n))
    return math.nan if n == 0 else 0.0


def summarise(runs: pd.DataFrame, plan: Plan, confidence: float = 0.95) -> pd.DataFrame:
    """Mean and Student-t CI of each KPI over replications, against the plan's targets."""
    rows = []
    for kpi in runs.columns:
        values = runs[kpi].to_numpy(dtype=float)
        values = values[~np.isnan(values)]
        n = len(values)
        mean = float(values.mean()) if n else math.nan
        half = t_half_width(values, confidence)
        target = plan.kpi_targets.get(kpi)
        row = {"kpi": kpi, "mean": mean, "ci_low": mean - half, "ci_high": mean + half, "n": n,
               "target": math.nan, "direction": "", "met": pd.NA, "met_ci": pd.NA}
        if target is not None:
            bound = target.at_least if target.at_least is not None else target.at_most
            row["target"] = bound
            row["direction"] = ">=" if target.at_least is not None else "<="
            row["met"] = bool(target.met(mean))
            row["met_ci"] = bool(target.met(row["ci_low"] if target.at_least is not None else row["ci_high"]))
        rows.append(row)
    return pd.DataFrame(rows)
