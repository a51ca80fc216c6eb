"""Early warning (危机识别与预警): the plan's warning indicators computed on a run, and when they would
activate the plan.

Thresholds come from the organisation's normal pattern (:class:`NormalPattern`): the expected first
complaints per category in each hour of the week, from the scenario's everyday arrivals or from imported
history. Three indicators, as the plan names them:

- **complaint rate**: every ``check_every``, the first contacts of each category in the last ``window``
  against their expected number ``mu``. A warning when the count reaches ``K``, the smallest count that
  chance alone (Poisson with mean ``mu``) reaches at most once in ``1 / false_alarm`` checks. A manager
  reads it as "58 product-quality complaints in the last hour; normally 6; warning from 19".
- **satisfaction trend**: every ``check_every``, the follow-ups of the last ``window``; a warning when the
  upper end of the satisfied share's Wilson interval is below ``below`` (the plan's satisfaction target):
  satisfaction is clearly down, not a bad afternoon. Fewer than ``minimum_surveys``: no verdict.
- **churn rate**: each week of the customer model (:mod:`sim.customers.outcomes`), the base's churn
  against its no-incident level; a warning when it is ``rise`` above it.

:func:`warning_signals` lists every check at which an indicator holds; :func:`activation_minute` says
when the indicators marked ``activates`` would have launched the plan (wiring that into the centre's
monitor is the engine's business).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from sim.customers.experience import complaint_chains
from sim.customers.population import MINUTES_PER_WEEK
from sim.format.care import ChurnRate, ComplaintRate, SatisfactionTrend
from sim.format.plan import Plan
from sim.simulation.intervals import wilson

SIGNAL_COLUMNS = ["indicator", "minute", "category", "observed", "expected", "threshold", "activates"]
HOURS_PER_WEEK = 168


def _minute_of_week(start: datetime) -> float:
    return start.weekday() * 1440.0 + start.hour * 60.0 + start.minute + start.second / 60.0


@dataclass(frozen=True)
class NormalPattern:
    """Expected first complaints per hour, for each hour of the week (Monday 00:00 first) and category."""
    rates: np.ndarray                # (168, categories)
    categories: tuple[str, ...]
    start_minute_of_week: float      # where the run's minute 0 falls in the week

    @classmethod
    def from_scenario(cls, scenario: Any) -> NormalPattern:
        """The scenario's everyday arrivals (rate per channel x profile x category mix): its "history"."""
        arrivals = scenario.arrivals
        per_hour = sum(arrivals.per_hour.values())
        cats = tuple(scenario.plan.categories)
        share = np.array([arrivals.categories.get(c, 0.0) for c in cats])
        hourly = np.array([per_hour * arrivals.profile.multiplier(h * 60.0) for h in range(HOURS_PER_WEEK)])
        return cls(hourly[:, None] * share[None, :], cats, _minute_of_week(scenario.start))

    @classmethod
    def from_history(cls, complaints: pd.DataFrame, start: datetime, categories: tuple[str, ...],
                     span: float | None = None) -> NormalPattern:
        """Hour-of-week averages of the first contacts in a past run or imported history (``arrival_min``
        counted from ``start``, covering ``span`` minutes: whole weeks up to the last arrival when None).
        Each hour of the week is averaged over the times it occurs in the span; one never seen is 0."""
        first = complaints[complaints["kind"].astype(str) == "first"]
        offset = _minute_of_week(start)
        hour = ((offset + first["arrival_min"].to_numpy(dtype=float)) // 60).astype(np.int64) % HOURS_PER_WEEK
        cat = pd.Categorical(first["category"].astype(str), categories=list(categories)).codes
        counts = np.zeros((HOURS_PER_WEEK, len(categories)))
        np.add.at(counts, (hour[cat >= 0], cat[cat >= 0]), 1.0)
        if span is None:
            last = float(complaints["arrival_min"].max()) if len(complaints) else 0.0
            span = max(1.0, math.ceil(last / MINUTES_PER_WEEK)) * MINUTES_PER_WEEK
        seen = np.zeros(HOURS_PER_WEEK)
        minutes = np.arange(0.0, span, 1.0)          # how long each hour of the week is covered, in minutes
        np.add.at(seen, ((offset + minutes) // 60).astype(np.int64) % HOURS_PER_WEEK, 1.0 / 60.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            rates = np.where(seen[:, None] > 0, counts / seen[:, None], 0.0)
        return cls(rates, tuple(categories), offset)

    def cumulative(self, t: np.ndarray) -> np.ndarray:
        """(len(t), categories): expected first complaints from minute 0 to each minute of ``t``."""
        t = np.asarray(t, dtype=float)
        hours_needed = math.ceil((self.start_minute_of_week + (t.max() if len(t) else 0.0)) / 60.0) + 2
        per_hour = self.rates[np.arange(hours_needed) % HOURS_PER_WEEK]
        cum = np.vstack([np.zeros((1, self.rates.shape[1])), np.cumsum(per_hour, axis=0)])

        def absolute(m: np.ndarray) -> np.ndarray:
            h = np.floor(m / 60.0).astype(np.int64)
            return cum[h] + ((m - 60.0 * h) / 60.0)[:, None] * per_hour[h]
        return absolute(self.start_minute_of_week + t) - absolute(np.array([self.start_minute_of_week]))


def poisson_threshold(mu: np.ndarray, false_alarm: float) -> np.ndarray:
    """The smallest count ``K`` with P(X >= K) <= ``false_alarm`` for X ~ Poisson(``mu``).

    >>> poisson_threshold(np.array([6.0]), 1e-5).tolist()      # P(X >= 20 | 6) < 1e-5 <= P(X >= 19 | 6)
    [20]
    """
    return (poisson_ppf(1.0 - false_alarm, np.asarray(mu, dtype=float)) + 1).astype(np.int64)


def poisson_ppf(q: float, mu: np.ndarray) -> np.ndarray:
    """``scipy.stats.poisson.ppf(q, mu)``, step for step as SciPy computes it (its inverse of the Poisson
    distribution function, ``scipy.special.pdtrik``, then the check one count lower), without importing
    ``scipy.stats``: four tenths of a second of ``sim run``, for this one quantile.

    >>> poisson_ppf(0.5, np.array([0.0, 6.0, -1.0])).tolist()
    [0.0, 6.0, nan]
    """
    from scipy import special  # (a tenth of a second; only when thresholds are set)
    mu = np.asarray(mu, dtype=float)
    valid = mu >= 0                         # the distribution's own check; NaN otherwise
    out = np.full(mu.shape, np.nan)
    if q == 0:
        out[valid] = -1.0                   # the support's left end, less one
    elif q == 1:
        out[valid] = np.inf
    elif 0 < q < 1 and valid.any():
        m = mu[valid]
        vals = np.ceil(special.pdtrik(q, m))
        below = np.maximum(vals - 1, 0)
        out[valid] = np.where(special.pdtr(below, m) >= q, below, vals)
    return out


def complaint_rate_signals(complaints: pd.DataFrame, pattern: NormalPattern, rule: ComplaintRate,
                           horizon: float) -> pd.DataFrame:
    """Every check at which a category's complaints in the window reached their warning threshold."""
    checks = np.arange(rule.check_every, horizon + 1e-9, rule.check_every)
    first = complaints[complaints["kind"].astype(str) == "first"]
    arrival = first["arrival_min"].to_numpy(dtype=float)
    cats = first["category"].astype(str).to_numpy()
    cum = pattern.cumulative(np.concatenate([checks, np.clip(checks - rule.window, 0.0, None)]))
    mu = cum[:len(checks)] - cum[len(checks):]
    rows = []
    for j, cat in enumerate(pattern.categories):
        times = np.sort(arrival[cats == cat])
        observed = np.searchsorted(times, checks, side="right") - np.searchsorted(times, checks - rule.window,
                                                                                side="right")
        k = poisson_threshold(mu[:, j], rule.false_alarm)
        for i in np.flatnonzero(observed >= k):
            rows.append(("complaint_rate", float(checks[i]), cat, float(observed[i]), float(mu[i, j]), float(k[i]),
                         rule.activates))
    return pd.DataFrame(rows, columns=SIGNAL_COLUMNS)


def satisfaction_signals(chains: pd.DataFrame, rule: SatisfactionTrend, target: float) -> pd.DataFrame:
    """Every check at which the satisfied share of the window's follow-ups was clearly below ``below``
    (the plan's target when the rule gives none)."""
    below = target if rule.below is None else rule.below
    surveyed = chains.dropna(subset=["satisfied"])
    when = surveyed["survey_min"].to_numpy(dtype=float)
    order = np.argsort(when)
    when, happy = when[order], surveyed["satisfied"].to_numpy(dtype=float)[order]
    if not len(when):
        return pd.DataFrame(columns=SIGNAL_COLUMNS)
    checks = np.arange(rule.check_every, when.max() + rule.check_every, rule.check_every)
    hi_i = np.searchsorted(when, checks, side="right")
    lo_i = np.searchsorted(when, checks - rule.window, side="right")
    cum_happy = np.concatenate([[0.0], np.cumsum(happy)])
    rows = []
    for t, lo, hi in zip(checks, lo_i, hi_i):
        n = hi - lo
        if n < rule.minimum_surveys:
            continue
        x = cum_happy[hi] - cum_happy[lo]
        if wilson(x, n, rule.confidence)[1] < below:
            rows.append(("satisfaction_trend", float(t), "", x / n, math.nan, below, rule.activates))
    return pd.DataFrame(rows, columns=SIGNAL_COLUMNS)


def churn_signals(weekly: pd.DataFrame, rule: ChurnRate) -> pd.DataFrame:
    """Every week whose churn was at least ``rise`` above the no-incident level, stamped at the week's end
    (when the week's churn is known)."""
    rows = []
    limit = weekly["churn_rate_baseline"].to_numpy(dtype=float) * (1 + rule.rise)
    churn = weekly["churn_rate"].to_numpy(dtype=float)
    for i in np.flatnonzero(churn >= limit - 1e-15):
        rows.append(("churn_rate", float(weekly["week"].iloc[i] + 1) * MINUTES_PER_WEEK, "", float(churn[i]),
                     float(weekly["churn_rate_baseline"].iloc[i]), float(limit[i]), rule.activates))
    return pd.DataFrame(rows, columns=SIGNAL_COLUMNS)


def warning_signals(result: Any, pattern: NormalPattern | None = None, weekly: pd.DataFrame | None = None
                    ) -> pd.DataFrame:
    """Every check of a finished run at which one of the plan's indicators holds, in time order.

    ``pattern``: the normal pattern (the scenario's everyday arrivals when None); ``weekly``: the customer
    model's weekly table (:class:`~sim.customers.outcomes.CustomerOutcome`), for the churn indicator."""
    scenario = result.scenario
    plan: Plan = scenario.plan
    ew = plan.early_warning
    frames = []
    if ew is None:
        return pd.DataFrame(columns=SIGNAL_COLUMNS)
    if ew.complaint_rate is not None:
        frames.append(complaint_rate_signals(result.complaints, pattern or NormalPattern.from_scenario(scenario),
                                             ew.complaint_rate, scenario.horizon))
    if ew.satisfaction_trend is not None:
        after = scenario.follow_up.after if scenario.follow_up is not None else 0.0
        frames.append(satisfaction_signals(complaint_chains(result.complaints, plan, after), ew.satisfaction_trend,
                                           plan.satisfaction.target))
    if ew.churn_rate is not None and weekly is not None:
        frames.append(churn_signals(weekly, ew.churn_rate))
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=SIGNAL_COLUMNS)
    return pd.concat(frames, ignore_index=True).sort_values("minute", kind="stable").reset_index(drop=True)


def first_warnings(signals: pd.DataFrame) -> dict[str, float]:
    """The minute each indicator first held."""
    return {k: float(v) for k, v in signals.groupby("indicator")["minute"].min().items()} if len(signals) else {}


def activation_minute(signals: pd.DataFrame) -> float:
    """When the indicators that may activate the plan would first have done so (NaN: never)."""
    active = signals[signals["activates"].astype(bool)] if len(signals) else signals
    return float(active["minute"].min()) if len(active) else math.nan
