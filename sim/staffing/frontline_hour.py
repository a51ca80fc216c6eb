"""Frontline in one hour: the stationary Erlang prediction of its KPIs for a number of agents.

Within an hour the offered work (:class:`~sim.staffing.workload.Workload`) is taken as steady, so the
queue models of :mod:`sim.staffing.erlang` apply: Erlang A when the hour's synchronous contacts have a
patience (callers hang up), Erlang C otherwise. Three refinements bring the model closer to the
simulator's intake queue:

* **Priority.** The intake queue serves true majors first, then moderate, then minor complaints. Grade
  ``s`` is modelled as a queue holding only the grades served before or with it (a preemptive-priority
  approximation), so a major complaint sees only major traffic and a minor one sees everything.
* **Asynchronous channels.** For e-mail and web forms the first response is the end of intake, so their
  target is shortened by the mean handling time.
* **Follow-ups.** Follow-up calls are served last: their Erlangs are taken off the agents first.

The shares on time are of *answered* contacts (as the ``first_response_on_time`` KPIs, which leave
abandoned contacts out). :func:`frontline_checks` turns targets into tests of one hour's prediction.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim import rules
from sim.format.vocabulary import SEVERITY_IDS
from sim.rules import GRADES
from sim.staffing.erlang import QueueMetrics, erlang_a, erlang_c
from sim.staffing.targets import Target

if TYPE_CHECKING:   # type names only
    from sim.format.plan import Plan
    from sim.staffing.workload import Workload

SHARE_CAP = 0.999   # a stationary model never promises 100 %: analytic targets are capped here


@dataclass(frozen=True)
class HourPrediction:
    """Frontline's predicted KPIs in one hour.

    ``lam``: contacts per minute by true grade; ``sl``: share answered on time by grade; ``on_time``: the
    same over all grades; ``within_24h``: share answered within the plan's absolute first-response rule;
    ``abandon``: share of synchronous contacts hanging up; ``sync``: synchronous contacts per minute;
    ``wait_probability``, ``mean_wait``: of the pooled queue; ``notify``: share of truly major complaints
    whose crisis-group notification is on time (NaN without majors); ``model``: "Erlang A" or "Erlang C".
    """
    lam: np.ndarray
    sl: np.ndarray
    on_time: float
    within_24h: float
    abandon: float
    sync: float
    wait_probability: float
    mean_wait: float
    notify: float
    model: str


def frontline_hour(wl: Workload, h: int, servers: float, plan: Plan) -> HourPrediction | None:
    """Erlang predictions for frontline in hour ``h`` with ``servers`` agents; None if nobody arrives."""
    key = (wl.lam[h].tobytes(), wl.sync[h].tobytes(), wl.theta[h].tobytes(), wl.work[h].tobytes(),
           float(wl.follow[h]), wl.notify_share, int(max(0, round(servers - wl.follow[h]))), id(plan))
    if key not in wl.hour_cache:     # hours with the same traffic (flat profiles, repeated days) are computed once
        wl.hour_cache[key] = _predict(wl, h, servers, plan)
    return wl.hour_cache[key]


def _predict(wl: Workload, h: int, servers: float, plan: Plan) -> HourPrediction | None:
    lam = wl.lam[h]
    total = lam.sum()
    if total <= 0:
        return None
    c = int(max(0, round(servers - wl.follow[h])))     # follow-up work is served last: it takes agents first
    sl = np.zeros(len(GRADES))
    models = {}
    for s in GRADES:
        if lam[s] <= 0:
            continue
        m = _queue(lam[s:].sum(), wl.work[h, s:].sum(), wl.theta[h, s:].sum(), c)   # grades served before s
        models[s] = m
        handling = wl.work[h, s] / lam[s]
        sl[s] = _within(m, rules.first_response_target(plan, s) - (1 - wl.sync[h, s] / lam[s]) * handling)
    pooled = _queue(total, wl.work[h].sum(), wl.theta[h].sum(), c)
    handling = wl.work[h].sum() / total
    async_share = 1 - wl.sync[h].sum() / total
    sync_total = wl.sync[h].sum()
    has_patience = wl.theta[h].sum() > 0
    if pooled is None:
        abandon = 1.0 if (c <= 0 and has_patience) else 0.0
        wait_p, mean_wait = 1.0, math.inf
    else:
        abandon = min(1.0, pooled.abandon_rate * total / sync_total) if sync_total > 0 else 0.0
        wait_p, mean_wait = pooled.wait_probability, pooled.mean_wait
    notify = math.nan
    if lam[rules.MAJOR] > 0:
        notify = wl.notify_share * _within(models.get(rules.MAJOR), plan.targets.crisis_group_notification
                                           - wl.work[h, rules.MAJOR] / lam[rules.MAJOR])
    return HourPrediction(
        lam=lam, sl=sl, on_time=float((lam * sl).sum() / total),
        within_24h=_within(pooled, plan.targets.first_response_all - async_share * handling),
        abandon=abandon, sync=sync_total, wait_probability=wait_p, mean_wait=mean_wait, notify=notify,
        model="Erlang A" if has_patience else "Erlang C")


def _queue(lam: float, work: float, theta_sum: float, servers: int) -> QueueMetrics | None:
    """Erlang A (patience) or C for ``lam`` arrivals/min carrying ``work`` Erlangs; None if there is no
    agent or an Erlang C queue is unstable."""
    if servers <= 0 or lam <= 0:
        return None
    mu = lam / work if work > 0 else 1e9
    theta = theta_sum / lam
    if theta > 0:
        return erlang_a(lam, mu, theta, servers)
    if lam >= servers * mu * (1 - 1e-12):
        return None
    return erlang_c(lam, mu, servers)


def _within(m: QueueMetrics | None, t: float) -> float:
    """Share of answered contacts whose wait is at most ``t`` (0 if the queue is unstable or unstaffed)."""
    if m is None:
        return 0.0
    answered = 1.0 - m.abandon_rate
    return min(1.0, m.service_level(max(t, 0.0)) / answered) if answered > 1e-12 else 0.0


Check = Callable[[HourPrediction], bool]


def frontline_checks(targets: Mapping[str, Target], notify_share: float) -> list[Check]:
    """Tests of one hour's frontline prediction, for the targets the model can judge."""
    checks = [_check(kpi, tgt, notify_share) for kpi, tgt in targets.items()]
    return [c for c in checks if c is not None]


def _check(kpi: str, tgt: Target, notify_share: float) -> Check | None:
    v = tgt.value
    if tgt.direction == ">=":
        v = min(v, SHARE_CAP)
        grade = kpi.split(".", 1)[1] if kpi.startswith("first_response_on_time.") else None
        if grade in SEVERITY_IDS:
            s = SEVERITY_IDS.index(grade)
            return lambda m: bool(m.lam[s] <= 0 or m.sl[s] >= v)
        if kpi == "first_response_on_time":
            return lambda m: m.on_time >= v
        if kpi == "first_response_within_24h":
            return lambda m: m.within_24h >= v
        if kpi == "crisis_notification_on_time" and v <= notify_share * SHARE_CAP:
            # Misgraded majors are not notified at intake: only reachable targets are modelled.
            return lambda m: math.isnan(m.notify) or m.notify >= v
        return None
    if kpi == "abandon_rate":
        return lambda m: m.abandon <= v
    if kpi == "wait_probability":
        return lambda m: m.wait_probability <= v
    if kpi == "mean_wait_min":
        return lambda m: m.mean_wait <= v
    return None
