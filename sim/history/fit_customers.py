"""Customers from history: how long callers wait before hanging up, and how lateness costs satisfaction.

**Patience** (``patience`` per synchronous channel). A caller who hung up after t minutes shows their
patience was t; a caller answered after a wait of t shows only that their patience was longer than t
(right-censored), and so does one still waiting when the export ends. Leaving the answered calls out
would fit the patience of the impatient only; counting their waits as hang-ups would invent hang-ups.
Both are handled by the censored fits of :func:`sim.history.fit_distributions.fit_censored` (the
exponential's estimate is total waiting time over hang-ups), compared with the Kaplan-Meier curve.

**Satisfaction by lateness** (``follow_up.satisfaction``). The simulator's rule
(:func:`sim.rules.satisfaction_probability`) is p = max(floor, on_time - late_penalty x lateness), the
lateness being how many multiples of its target the worse of first response and resolution overran
(:func:`sim.rules.case_lateness`, with the plan's targets for the complaint's grade). The three numbers are
fitted to the surveyed contacts: on_time is the share satisfied among those on time (with its binomial
interval), late_penalty and floor are the maximum-likelihood fit to the late ones (intervals: 40 bootstrap
resamples of the late contacts). ``follow_up.share`` is surveyed over resolved contacts
whose survey would fall within the period (no new contact is made after it).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize

from sim import rules
from sim.format.plan import Plan
from sim.format.vocabulary import SEVERITY_IDS
from sim.history.fit_distributions import Z95, DistFit, fit_censored

MIN_HANGUPS = 30            # hang-ups a channel needs before its patience is fitted
BOOTSTRAP = 40              # resamples of the late contacts for the intervals of late_penalty and floor


def waits(table: pd.DataFrame, now: pd.Timestamp) -> tuple[np.ndarray, np.ndarray]:
    """Each contact's time waited (minutes) and whether it ended in a hang-up (else censored)."""
    ended = table["abandoned"].fillna(table["first_response"]).fillna(now)
    t = ((ended - table["created"]).dt.total_seconds() / 60.0).to_numpy(dtype=float)
    return t, table["abandoned"].notna().to_numpy()


def fit_patience(table: pd.DataFrame, plan: Plan, now: pd.Timestamp) -> dict[str, DistFit]:
    """Patience per synchronous channel with enough hang-ups (censored fit; see the module docstring)."""
    out = {}
    for ch, spec in plan.channels.items():
        if not spec.synchronous:
            continue
        rows = table[(table["channel"] == ch).fillna(False)]
        t, ev = waits(rows, now)
        if ev.sum() >= MIN_HANGUPS:
            out[ch] = fit_censored(t, ev)
    return out


@dataclass(frozen=True)
class SatisfactionFit:
    """The satisfaction rule's three numbers with 95 % intervals, and what they rest on."""
    on_time: tuple[float, float, float]
    late_penalty: tuple[float, float, float]
    floor: tuple[float, float, float]
    surveyed: int
    late: int                    # surveyed contacts that were late on a target
    follow_up_share: float
    eligible: int                # resolved contacts whose survey could have been made before the export ended

    def as_model(self) -> dict[str, float]:
        return {"on_time": round(self.on_time[0], 3), "late_penalty": round(self.late_penalty[0], 3),
                "floor": round(min(self.floor[0], self.on_time[0]), 3)}


def case_lateness(table: pd.DataFrame, plan: Plan) -> np.ndarray:
    """Each contact's lateness (:func:`sim.rules.case_lateness`) against the targets of its grade (NaN if none)."""
    sev = table["severity"].map({s: i for i, s in enumerate(SEVERITY_IDS)}).to_numpy(dtype=float)
    fr = ((table["first_response"] - table["created"]).dt.total_seconds() / 60.0).to_numpy(dtype=float)
    res = ((table["resolved"] - table["created"]).dt.total_seconds() / 60.0).to_numpy(dtype=float)
    out = np.full(len(table), np.nan)
    for i in range(len(SEVERITY_IDS)):
        m = (sev == i) & np.isfinite(fr) & np.isfinite(res)
        fr_t, res_t = rules.first_response_target(plan, i), rules.resolution_target(plan, i)
        out[m] = [rules.case_lateness(a, b, fr_t, res_t) for a, b in zip(fr[m], res[m])]
    return out


def fit_satisfaction(table: pd.DataFrame, plan: Plan, period_end: pd.Timestamp, follow_after: float) -> SatisfactionFit | None:
    """The satisfaction rule fitted to the surveyed contacts (None when nobody was surveyed)."""
    said = table["satisfied"]
    late = case_lateness(table, plan)
    m = said.notna().to_numpy() & np.isfinite(late)
    if m.sum() < 2:
        return None
    y = said[m].to_numpy(dtype=bool)
    x = late[m]
    on = x == 0
    # on_time: the share satisfied among contacts on time (the rule's value there); Wilson-like normal interval.
    p0 = float(y[on].mean()) if on.any() else float(y.mean())
    half = Z95 * math.sqrt(p0 * (1 - p0) / max(int(on.sum()), 1))
    penalty, floor = _fit_late(x[~on], y[~on], p0)
    rng = np.random.default_rng(0)                 # a fixed stream: the same history gives the same intervals
    boot = []
    for _ in range(BOOTSTRAP):
        pick = rng.integers(0, int((~on).sum()), int((~on).sum()))
        boot.append(_fit_late(x[~on][pick], y[~on][pick], p0))
    lo, hi = (np.percentile(np.array(boot), [2.5, 97.5], axis=0) if boot and (~on).sum() >= 2
              else (np.array([math.nan] * 2), np.array([math.nan] * 2)))
    ivs = [(p0, max(0.0, p0 - half), min(1.0, p0 + half)),
           (penalty, float(lo[0]), float(hi[0])), (floor, float(lo[1]), float(hi[1]))]
    resolved = table["resolved"]
    eligible = resolved.notna() & (resolved <= period_end - pd.Timedelta(minutes=follow_after))
    share = float(said[eligible].notna().mean()) if eligible.any() else math.nan
    return SatisfactionFit(ivs[0], ivs[1], ivs[2], int(m.sum()), int((x > 0).sum()), share, int(eligible.sum()))


def _fit_late(x: np.ndarray, y: np.ndarray, on_time: float) -> tuple[float, float]:
    """late_penalty and floor by maximum likelihood on late contacts, on_time given."""
    if len(x) < 2:
        return 0.0, 0.0

    def nll(params: np.ndarray) -> float:
        penalty, floor = np.clip(params, 0.0, 1.0)
        p = np.clip(np.maximum(floor, on_time - penalty * x), 1e-9, 1 - 1e-9)
        return -float(np.where(y, np.log(p), np.log1p(-p)).sum())

    res = optimize.minimize(nll, np.array([0.25, 0.2]), method="Nelder-Mead", options={"xatol": 1e-4, "fatol": 1e-4})
    penalty, floor = np.clip(res.x, 0.0, 1.0)
    return float(penalty), float(floor)
