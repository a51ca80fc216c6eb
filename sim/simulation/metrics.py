"""From a run's records to KPIs; replication means with confidence intervals against the plan's targets.

Everything here reads :class:`~sim.simulation.records.RunRecords` (what ``Centre.records()`` returns:
plain arrays and lists), never the live model, so KPIs can be computed from saved or shipped records
as well as from a run that just finished (the same records as tables: :mod:`sim.simulation.frames`).

**Which complaints count: every one that arrives within the horizon.** A full run
(:meth:`~sim.simulation.centre.Centre.run` without ``until``) goes to the scenario's horizon and then
*drains*: no new contact arrives after the horizon (no first contact, retry, repeat contact or
follow-up that would start after it), while the centre keeps working — staff keep their rostered
shifts, escalation and the plan's actions already under way go on — for the longest deadline of the
plan (:func:`~sim.simulation.centre.drain_length`, the minor resolution target of 5 days in the default
plan). Every complaint's outcome against every target is then known: it met the target, finished
late, or is still open with its deadline passed — and a complaint still open when its deadline passes
is late, whenever that happens. A roster that leaves work unfinished at the horizon is therefore judged
on that work. Records that stop earlier (a live command drill between decisions) are measured up to
where they stop (``records.now``): a case still open whose deadline has not yet come is left out.

Measured over the horizon only, so that rosters are compared on the same window: ``utilisation.<team>``,
``staff_cost`` and ``overtime_hours`` (staff on duty during the drain are not charged), the time series
and ``backlog_peak`` / ``backlog_clear_min``. The plan's activation happens within the horizon.

KPI definitions (names are part of the API):

* ``arrived``, ``resolved``, ``abandoned`` — contacts arriving within the horizon and how they ended;
  ``open_at_end`` — still open when the records end (after a full run: open at the end of the drain,
  late on every target); ``backlog_at_horizon`` — open at the horizon (arrived, not yet resolved or
  abandoned), the work the roster left for the next shift.
* ``first_response_on_time[.sev]`` — share of complaints whose first response came within the plan's
  target for their true severity. Abandoned contacts are left out (``abandon_rate`` measures them; a
  customer who tries again is measured on that contact).
* ``first_response_within_24h`` — the same against the source plan's absolute rule.
* ``resolution_on_time[.sev]`` — resolved within the resolution target; open past it counts as late.
* ``wait_probability`` — share of synchronous arrivals that could not start intake on arrival
  (abandoners included); ``mean_wait_min`` — wait before intake averaged over all synchronous arrivals,
  an abandoner's wait being the time until they left; ``abandon_rate`` — abandoners over synchronous
  arrivals. These match Erlang C / Erlang A (sim.staffing) for comparison.
* ``crisis_notification_on_time`` — share of truly major complaints whose crisis-group notification came
  within its target (a major case graded lower and never notified counts as late);
  ``crisis_notification_lag_mean_min`` averages the lag over the truly major complaints notified.
* ``satisfaction`` — share of surveyed customers satisfied (see sim.rules.satisfaction_probability).
* ``backlog_clear_min`` — minutes from the backlog's peak until it is back within 20 % (+5 cases) of its
  level before the first incident (NaN if it never is before the horizon).

Proportions (:func:`is_proportion`) come with how many complaints they are over, as ``n:<kpi>``
entries after the KPIs (:func:`count_key`; utilisation, a share of time, has none): the replication
summary (:func:`summarise`) gives them intervals inside [0, 1] (:mod:`sim.simulation.intervals`) and
shows that n. A KPI with no data in a run is NaN.

Warm-up: complaints arriving before ``scenario.warm_up`` are excluded from every KPI.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from sim import rules
from sim.format.vocabulary import SEVERITY_IDS
from sim.rules import GRADES
from sim.simulation.collector import paused
from sim.simulation.intervals import proportion_interval, t_half_width, t_interval
from sim.simulation.records import ABANDONED, OPEN, REPEAT, RESOLVED, RunRecords, SampleTable

if TYPE_CHECKING:
    import pandas as pd

    from sim.format.plan import Plan

__all__ = ["compute_kpis", "count_key", "is_count", "is_proportion", "kpi_series", "kpi_status", "kpi_values",
           "summarise", "t_half_width"]

COUNT_PREFIX = "n:"
# Shares in [0, 1]; an on-time share also per severity ("resolution_on_time.major"), utilisation per team.
PROPORTIONS = frozenset({"first_response_on_time", "first_response_within_24h", "resolution_on_time",
                         "crisis_notification_on_time", "wait_probability", "abandon_rate", "satisfaction"})
# The values of summarise's ``status`` column (a KPI without a target has "").
MET, MISSED, NO_DATA = "met", "missed", "no_data"


def count_key(kpi: str) -> str:
    """The entry holding how many complaints a proportion KPI is over.

    >>> count_key("abandon_rate"), is_count("n:abandon_rate"), is_count("abandon_rate")
    ('n:abandon_rate', True, False)
    """
    return COUNT_PREFIX + kpi


def is_count(name: str) -> bool:
    """Whether ``name`` is a count entry (``n:<kpi>``), not a KPI."""
    return name.startswith(COUNT_PREFIX)


def is_proportion(kpi: str) -> bool:
    """Whether the KPI is a share in [0, 1] (its interval must stay in that range).

    >>> is_proportion("resolution_on_time.major"), is_proportion("utilisation.frontline"), is_proportion("staff_cost")
    (True, True, False)
    """
    return kpi.split(".", 1)[0] in PROPORTIONS or kpi.startswith("utilisation.")


def _on_time(elapsed: np.ndarray, done: np.ndarray, so_far: np.ndarray, target: np.ndarray) -> tuple[float, int]:
    """Share on time among cases whose outcome against the target is known, and how many those are.

    Known: done (on time, or late by its elapsed time), or not done with the deadline passed (late,
    whenever it finishes). A case not done whose deadline is still to come is left out."""
    met = done & (elapsed <= target)
    late = (done & (elapsed > target)) | (~done & (so_far >= target))
    n = int(met.sum() + late.sum())
    return (float(met.sum() / n) if n else math.nan), n


def compute_kpis(records: RunRecords) -> pd.Series:
    """Every KPI of one run (see the module docstring), from its records; the counts of its proportions
    follow as ``n:<kpi>`` entries."""
    return kpi_series(kpi_values(records))


def kpi_series(values: dict[str, float]) -> pd.Series:
    """:func:`kpi_values` as the Series :func:`compute_kpis` gives."""
    import pandas as pd
    return pd.Series(values, name="value")


@paused()
def kpi_values(records: RunRecords) -> dict[str, float]:
    """:func:`compute_kpis` as a plain dict, NumPy only: what a worker of
    :func:`~sim.simulation.replication.replicate` sends back, without importing pandas."""
    sc = records.scenario
    plan = sc.plan
    now = records.now                       # where the records end: the end of the drain after a full run
    at_horizon = min(sc.horizon, now)
    cols = records.cases
    keep = cols["arrival_min"] >= sc.warm_up
    # Without a warm-up every case counts: read the columns as they are (a copy of them all would be the
    # run's peak memory on a long horizon).
    c = cols if keep.all() else {k: v[keep] for k, v in cols.items()}
    arrive = c["arrival_min"]
    sev = c["severity"]
    outcome = c["outcome"]
    k: dict[str, float] = {}
    counts: dict[str, float] = {}

    def share(name: str, value_n: tuple[float, int]) -> None:
        k[name], counts[count_key(name)] = value_n[0], float(value_n[1])

    k["arrived"] = float(len(arrive))
    k["resolved"] = float((outcome == RESOLVED).sum())
    k["abandoned"] = float((outcome == ABANDONED).sum())
    k["open_at_end"] = float((outcome == OPEN).sum())
    end = c["end_min"]
    closed_by_horizon = ~np.isnan(end) & (end <= at_horizon)
    k["backlog_at_horizon"] = float(((arrive <= at_horizon) & ~closed_by_horizon).sum())

    first = c["first_response_min"]
    responded = ~np.isnan(first) & (first <= now)  # an email's acknowledgement is sent at the end of intake
    fr_elapsed = np.where(responded, first - arrive, np.inf)
    abandoned = outcome == ABANDONED
    so_far = now - arrive
    fr_target = np.array([rules.first_response_target(plan, g) for g in GRADES])[sev]
    res_target = np.array([rules.resolution_target(plan, g) for g in GRADES])[sev]
    # Abandoned contacts are measured by abandon_rate; a customer who tries again is measured on that
    # contact. Counting the hang-up as a missed first response as well would count it twice.
    na = ~abandoned
    share("first_response_on_time", _on_time(fr_elapsed[na], responded[na], so_far[na], fr_target[na]))
    for i, name in enumerate(SEVERITY_IDS):
        m = (sev == i) & na
        share(f"first_response_on_time.{name}", _on_time(fr_elapsed[m], responded[m], so_far[m], fr_target[m]))
    share("first_response_within_24h", _on_time(fr_elapsed[na], responded[na], so_far[na],
                                                np.full(int(na.sum()), plan.targets.first_response_all)))
    k["first_response_mean_min"] = float(fr_elapsed[responded].mean()) if responded.any() else math.nan
    k["first_response_p90_min"] = float(np.percentile(fr_elapsed[responded], 90)) if responded.any() else math.nan

    resolved = outcome == RESOLVED
    res_elapsed = np.where(resolved, c["resolved_min"] - arrive, np.inf)
    share("resolution_on_time", _on_time(res_elapsed[na], resolved[na], so_far[na], res_target[na]))
    for i, name in enumerate(SEVERITY_IDS):
        m = (sev == i) & na
        share(f"resolution_on_time.{name}", _on_time(res_elapsed[m], resolved[m], so_far[m], res_target[m]))
    k["resolution_mean_min"] = float(res_elapsed[resolved].mean()) if resolved.any() else math.nan

    sync = c["sync"]
    n_sync = int(sync.sum())
    if n_sync:
        intake = c["intake_min"][sync]
        a = arrive[sync]
        ab = abandoned[sync]
        wait = np.where(~np.isnan(intake), intake - a,
                        np.where(ab, end[sync] - a, np.where(c["deflected"][sync], 0.0, now - a)))
        share("wait_probability", (float(c["waited"][sync].mean()), n_sync))
        k["mean_wait_min"] = float(wait.mean())
        share("abandon_rate", (float(ab.mean()), n_sync))
    else:
        share("wait_probability", (math.nan, 0))
        k["mean_wait_min"] = math.nan
        share("abandon_rate", (math.nan, 0))

    notified = c["crisis_notified_min"]
    lag = notified - arrive
    has_lag = ~np.isnan(lag) & (notified <= now)
    majors = (sev == rules.MAJOR) & na
    k["crisis_notification_lag_mean_min"] = float(lag[has_lag & majors].mean()) if (has_lag & majors).any() \
        else math.nan
    share("crisis_notification_on_time", _on_time(np.where(has_lag, lag, np.inf)[majors], has_lag[majors],
                                                  so_far[majors],
                                                  np.full(int(majors.sum()), plan.targets.crisis_group_notification)))
    k["escalations"] = float(c["escalations"].sum())
    k["deflected"] = float(c["deflected"].sum())
    k["repeat_contacts"] = float((c["kind"] == REPEAT).sum())

    # Team accounts cover the horizon only (Centre.records keeps them as they stood at the horizon).
    overtime = cost = 0.0
    for name, team in records.teams.items():
        k[f"utilisation.{name}"] = team.busy_min / team.duty_min if team.duty_min > 0 else math.nan
        overtime += team.overtime_min
        cost += team.duty_min / 60.0 * team.cost_per_hour
    k["overtime_hours"] = overtime / 60.0
    k["staff_cost"] = cost

    k["backlog_peak"], k["backlog_clear_min"] = _backlog_peak_and_clear(records)
    k["plan_activated_min"] = records.activated_at
    surveyed = c["satisfied"] >= 0
    share("satisfaction", (float(c["satisfied"][surveyed].mean()) if surveyed.any() else math.nan,
                           int(surveyed.sum())))
    return {**k, **counts}


def _backlog_peak_and_clear(records: RunRecords) -> tuple[float, float]:
    """The sampled backlog's peak after the warm-up, and minutes until it is back near its level before
    the first incident (within 20 % + 5 cases of the median of the day before it; NaN if never)."""
    sc = records.scenario
    sampled = SampleTable.from_rows(records.samples, len(records.teams)).columns
    samples = np.column_stack((sampled["minute"], sampled["backlog"].astype(float)))
    after = samples[samples[:, 0] >= sc.warm_up] if len(samples) else samples
    if not len(after):
        return math.nan, math.nan
    peak_i = int(after[:, 1].argmax())
    first_inc = min((inc.at for inc in sc.incidents), default=None)
    ref_mask = after[:, 0] < first_inc if first_inc is not None else np.ones(len(after), dtype=bool)
    ref_mask &= after[:, 0] >= (first_inc - 1440 if first_inc is not None else -np.inf)
    reference = float(np.median(after[ref_mask, 1])) if ref_mask.any() else float(np.median(after[:, 1]))
    later = np.flatnonzero(after[peak_i:, 1] <= 1.2 * reference + 5)
    clear = float(after[peak_i + later[0], 0] - after[peak_i, 0]) if len(later) else math.nan
    return float(after[peak_i, 1]), clear


def kpi_status(mean: float, met: object, has_target: bool = True) -> str:
    """The verdict on a KPI: "met" or "missed" against its target, "no_data" when the KPI has no value
    (nothing observed is never a miss), "" without a target.

    >>> import pandas as pd
    >>> kpi_status(0.97, True), kpi_status(0.80, False), kpi_status(math.nan, pd.NA), kpi_status(3.0, pd.NA, False)
    ('met', 'missed', 'no_data', '')
    """
    import pandas as pd
    if not has_target:
        return ""
    if math.isnan(mean):
        return NO_DATA
    return MET if met is not None and met is not pd.NA and bool(met) else MISSED


def summarise(runs: pd.DataFrame, plan: Plan, confidence: float = 0.95) -> pd.DataFrame:
    """Mean and confidence interval of each KPI over replications (one row each of ``runs``), against
    the plan's targets.

    Columns: ``kpi``, ``mean``, ``ci_low``/``ci_high`` (inside [0, 1] for a proportion; see
    :mod:`sim.simulation.intervals`), ``n`` (replications with a value), ``cases`` (complaints a
    proportion is over, pooled over the replications; NaN for other KPIs), ``interval`` (how the interval
    was built: "t", "logit", "wilson", or "" for none), ``target``, ``direction``, ``met`` (the mean meets
    the target), ``met_ci`` (the interval's bound on the target's side meets it), ``status`` (met /
    missed / no_data, :func:`kpi_status`). ``met`` and ``met_ci`` are pd.NA without a target or without data.
    The ``n:<kpi>`` count entries are read, not listed.
    """
    import pandas as pd
    rows = []
    for kpi in runs.columns:
        if is_count(kpi):
            continue
        values = runs[kpi].to_numpy(dtype=float)
        has = ~np.isnan(values)
        values = values[has]
        counts = runs[count_key(kpi)].to_numpy(dtype=float)[has] if count_key(kpi) in runs.columns else None
        if counts is not None and np.isnan(counts).any():       # a run without its counts: none are trusted
            counts = None
        low, high, how = (proportion_interval(values, counts, confidence) if is_proportion(kpi)
                          else t_interval(values, confidence))
        mean = float(values.mean()) if len(values) else math.nan
        row = {"kpi": kpi, "mean": mean, "ci_low": low, "ci_high": high, "n": len(values),
               "cases": float(counts.sum()) if counts is not None else math.nan, "interval": how,
               "target": math.nan, "direction": "", "met": pd.NA, "met_ci": pd.NA}
        target = plan.kpi_targets.get(kpi)
        if target is not None:
            at_least = target.at_least is not None
            row["target"] = target.at_least if at_least else target.at_most
            row["direction"] = ">=" if at_least else "<="
            if not math.isnan(mean):
                row["met"] = bool(target.met(mean))
                row["met_ci"] = bool(target.met(low if at_least else high))
        row["status"] = kpi_status(mean, row["met"], target is not None)
        rows.append(row)
    return pd.DataFrame(rows)
