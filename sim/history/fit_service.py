"""Service times from ticket timestamps: what the history identifies, and how.

A ticket keeps when it was created, first answered and resolved, not when anyone worked on it, so a
service time is read off a difference of timestamps that may include waiting. In the kit's model of the
centre (:mod:`sim.simulation.complaint`) the differences mean:

============================  ==============================================  ===============================
contacts                      resolved - first_response                       estimator (bias)
============================  ==============================================  ===============================
frontline, asynchronous       resolve_minor (the acknowledgement ends intake,  **exact**: fitted directly
(email, form, social)         the same agent resolves at once)
frontline, synchronous        intake + resolve_minor (the call is answered     **difference**: intake's mean and
(hotline, chat)               at first response, resolved in the same call)    variance are those of the call
                                                                              minus resolve_minor's (unbiased
                                                                              for independent times)
another team (specialist),    wait in the team's queue + its work, or the      **idle subset**: only cases that
asynchronous                  longest of it and the consulted departments'     reached the team while fewer of its
                                                                              cases were open than people on
                                                                              shift (a free agent: no wait;
                                                                              needs the roster; a case also sent
                                                                              to departments counts for the
                                                                              others' median time, an estimate),
                                                                              in grades and
                                                                              categories the plan sends to no
                                                                              other department: unbiased.
                                                                              Elsewhere an **upper bound** (it
                                                                              includes consults; flagged)
============================  ==============================================  ===============================

Where the team was never free (a queue all along), its **throughput while saturated** identifies the mean
only (:func:`throughput_mean`: agent-minutes on shift over completions in those minutes); the spread is the
base scenario's. Not identified at all, and copied from the base scenario: follow-up, consult and review times (no
timestamps), and a team's time where the roster is unknown (then the whole span, an upper bound, is
fitted and flagged). Open cases at the export's end are left out, which shortens long times slightly.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd

from sim import rules
from sim.format.plan import Plan
from sim.format.scenario import Scenario
from sim.format.vocabulary import SEVERITY_IDS
from sim.history.fit_distributions import DistFit, fit_times, from_moments

MIN_FIT = 100               # times a distribution needs before it is fitted and written
DIFFERENT = 0.10            # a category's mean written as an override when it differs by this much (and clearly)
EXACT, DIFFERENCE, IDLE, THROUGHPUT, UPPER = "exact", "difference", "idle_subset", "busy_throughput", "upper_bound"


@dataclass(frozen=True)
class ServiceFit:
    """One fitted service time: whose, which activity, for which category (None: the team's default)."""
    team: str
    activity: str
    category: str | None
    fit: DistFit
    estimator: str          # exact, difference, idle_subset, upper_bound
    values: np.ndarray | None = field(default=None, repr=False, compare=False)   # the times fitted (plots)


def _fitted(team: str, activity: str, category: str | None, values: np.ndarray, estimator: str) -> ServiceFit:
    return ServiceFit(team, activity, category, fit_times(values), estimator, values)


def spans(table: pd.DataFrame) -> np.ndarray:
    """resolved - first_response in minutes (NaN where either is missing)."""
    return ((table["resolved"] - table["first_response"]).dt.total_seconds() / 60.0).to_numpy(dtype=float)


def on_duty(scenario: Scenario | None, team: str, start: datetime, horizon: float, at: np.ndarray) -> np.ndarray:
    """People on shift in ``team`` at scenario minutes ``at`` (from the base scenario's roster; -1: unknown)."""
    if scenario is None or team not in scenario.staffing or not scenario.staffing[team].shifts:
        return np.full(len(at), -1)
    staff = np.zeros(len(at), dtype=int)
    for shift in scenario.staffing[team].shifts:
        for b, e in shift.spans(start, horizon + 7 * 1440):
            staff += ((at >= b) & (at < e)) * shift.staff
    return staff


def _override_worthy(cat: DistFit, default: DistFit) -> bool:
    differs = abs(cat.mean - default.mean) > DIFFERENT * default.mean
    clear = cat.mean_high < default.mean_low or cat.mean_low > default.mean_high
    return differs and clear


def _with_overrides(team: str, activity: str, default: ServiceFit, per_cat: dict[str, ServiceFit]) -> list[ServiceFit]:
    return [default] + [f for f in per_cat.values() if _override_worthy(f.fit, default.fit)]


def fit_frontline(table: pd.DataFrame, plan: Plan) -> list[ServiceFit]:
    """frontline ``resolve_minor`` (exact, from asynchronous contacts) and ``intake`` (by difference)."""
    sync = table["channel"].map({ch: c.synchronous for ch, c in plan.channels.items()}).fillna(False).to_numpy(bool)
    span = spans(table)
    front = (table["team"] == "frontline").fillna(False).to_numpy(bool) & np.isfinite(span)
    asy, syn = front & ~sync, front & sync
    out: list[ServiceFit] = []
    if asy.sum() < MIN_FIT:                 # resolve_minor cannot be told apart: the whole contact is intake
        if syn.sum() >= MIN_FIT:
            out.append(_fitted("frontline", "intake", None, span[syn], UPPER))
        return out
    resolve = _fitted("frontline", "resolve_minor", None, span[asy], EXACT)
    cats = table["category"].fillna("").to_numpy(dtype=object)
    per_cat = {c: _fitted("frontline", "resolve_minor", c, span[asy & (cats == c)], EXACT)
               for c in plan.categories if (asy & (cats == c)).sum() >= MIN_FIT}
    out += _with_overrides("frontline", "resolve_minor", resolve, per_cat)
    if syn.sum() >= MIN_FIT:
        # Per category (resolve_minor may differ by category), then pooled by the calls' weights.
        means, variances, weights, ses = [], [], [], []
        for c in plan.categories:
            s, a = span[syn & (cats == c)], span[asy & (cats == c)]
            if len(s) < 2:
                continue
            if len(a) < MIN_FIT:
                a = span[asy]
            means.append(s.mean() - a.mean())
            variances.append(s.var(ddof=1) - a.var(ddof=1))
            weights.append(len(s))
            ses.append(s.var(ddof=1) / len(s) + a.var(ddof=1) / len(a))
        w = np.array(weights, dtype=float) / sum(weights)
        mean = float(np.dot(w, means))
        se = math.sqrt(float(np.dot(w ** 2, ses)))
        out.insert(0, ServiceFit("frontline", "intake", None, from_moments(mean, float(np.dot(w, variances)),
                                                                           int(syn.sum()), se), DIFFERENCE))
    return out


def fit_handlers(table: pd.DataFrame, plan: Plan, base: Scenario | None, start: datetime, tz: str,
                 horizon: float, intake_mean: float) -> list[ServiceFit]:
    """Each non-frontline handling team's ``resolve`` time: idle subset where identified, else upper bound."""
    sync = table["channel"].map({ch: c.synchronous for ch, c in plan.channels.items()}).fillna(False).to_numpy(bool)
    span = spans(table)
    first = ((table["first_response"] - pd.Timestamp(start).tz_localize(tz)).dt.total_seconds() / 60.0
             ).to_numpy(dtype=float)
    cats = table["category"].fillna("").to_numpy(dtype=object)
    sevs = table["severity"].fillna("").to_numpy(dtype=object)
    out: list[ServiceFit] = []
    teams = [t for t in table["team"].dropna().unique().tolist() if t != "frontline" and t in plan.roles]
    for team in sorted(teams):
        mine = (table["team"] == team).fillna(False).to_numpy(bool) & np.isfinite(span)
        begin = first + np.where(sync, intake_mean, 0.0)    # the handler's stage starts after intake
        work = np.where(sync, span - intake_mean, span)
        alone = {(c, s): _alone(plan, c, s) for c in plan.categories for s in SEVERITY_IDS}
        clean = np.array([alone.get((c, s), False) for c, s in zip(cats, sevs)], dtype=bool)
        # Cases of the team queued or in work just before each case reached it. A case the plan also sends
        # to other departments stays open while they work, but holds the team for its own part only: it is
        # counted for the clean cases' median time (an estimate of that part, not a bound).
        cap = float(np.median(work[mine & clean])) if (mine & clean).sum() >= MIN_FIT else np.inf
        held_until = begin + np.where(clean, work, np.minimum(work, cap))
        b_sorted = np.sort(begin[mine])
        r_sorted = np.sort(held_until[mine])
        open_before = np.searchsorted(b_sorted, begin, "left") - np.searchsorted(r_sorted, begin, "left")
        staff = on_duty(base, team, start, horizon, begin)
        idle = mine & (staff > 0) & (open_before < staff) & ~sync
        per_cat: dict[str, ServiceFit] = {}
        for c in plan.categories:
            in_cat = cats == c
            good = idle & clean & in_cat
            if good.sum() >= MIN_FIT:
                per_cat[c] = _fitted(team, "resolve", c, work[good], IDLE)
            elif (mine & in_cat).sum() >= MIN_FIT:
                pick = idle & in_cat if (idle & in_cat).sum() >= MIN_FIT else mine & in_cat
                per_cat[c] = _fitted(team, "resolve", c, work[pick], UPPER)
        pooled = idle & clean
        busy = None if pooled.sum() >= MIN_FIT else throughput_mean(begin, work, clean, mine, base, team, start, horizon)
        if pooled.sum() >= MIN_FIT:
            default = _fitted(team, "resolve", None, work[pooled], IDLE)
        elif busy is not None:
            mean, done = busy
            cv = _base_cv(base, team, "resolve")
            default = ServiceFit(team, "resolve", None, from_moments(mean, (cv * mean) ** 2, int(done),
                                                                     mean / math.sqrt(done)), THROUGHPUT)
        elif mine.sum() >= MIN_FIT:
            default = _fitted(team, "resolve", None, work[mine], UPPER)
        else:
            continue
        # An upper bound is never written over an identified default: it would only add the consults' time.
        out += [default] + [f for f in per_cat.values()
                            if _override_worthy(f.fit, default.fit) and (f.estimator == IDLE or default.estimator == UPPER)]
    return out


def throughput_mean(begin: np.ndarray, work: np.ndarray, clean: np.ndarray, mine: np.ndarray,
                    base: Scenario | None, team: str, start: datetime, horizon: float) -> tuple[float, float] | None:
    """A team's mean service time from its throughput while saturated, and the completions it rests on.

    While at least as many of its cases are open as people are on shift, every one of them is busy, so
    completions come at (people on shift) / (mean service time): the mean is agent-minutes over completions
    in those minutes. Only cases the team handles alone show when the team finished (their resolution);
    completions are scaled up by their share. A case also sent to departments holds the team for the mean
    being estimated, so the estimate is iterated from the clean cases' median."""
    grid = np.arange(0.5, horizon, 1.0)
    staff = on_duty(base, team, start, horizon, grid)
    both = mine & clean
    if staff.max(initial=0) <= 0 or both.sum() < MIN_FIT:
        return None
    share = both.sum() / mine.sum()
    b_sorted = np.sort(begin[mine])
    done_clean = (begin + work)[both]
    mean = float(np.median(work[both]))
    completions = 0.0
    for _ in range(5):
        held = begin + np.where(clean, work, np.minimum(work, mean))
        open_now = np.searchsorted(b_sorted, grid) - np.searchsorted(np.sort(held[mine]), grid)
        saturated = (staff > 0) & (open_now >= staff)
        minute = np.clip(done_clean.astype(int), 0, len(grid) - 1)
        completions = float((saturated[minute] & (done_clean < horizon)).sum()) / share
        if completions < MIN_FIT:
            return None
        mean = float(staff[saturated].sum()) / completions
    return mean, completions


def _base_cv(base: Scenario | None, team: str, activity: str) -> float:
    """The spread of the base scenario's time for this work (the throughput gives a mean only); 1 if none."""
    times = base.service_times.get(team) if base is not None else None
    dist = times.get(activity) if times is not None else None
    return dist.lognormal.cv if dist is not None and dist.lognormal is not None else 1.0


def _alone(plan: Plan, category: object, severity: object) -> bool:
    """Whether the plan routes this grade and category to its handler alone (no consult, no notification)."""
    if not isinstance(category, str) or not isinstance(severity, str) or severity not in SEVERITY_IDS:
        return False
    route = rules.route(plan, SEVERITY_IDS.index(severity), category)
    return not route.consult and not route.notify_crisis_group
