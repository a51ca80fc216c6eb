"""Following the customers week by week after the incident: churn, buying again, satisfaction, and the
care actions that move them.

Each week ``t`` (0 is the week the run starts) an active customer leaves with the weekly hazard

    h(t) = expit(logit(h0) + D(t) - C(t))

and, if they stay, buys again with ``r(t) = expit(logit(r0) - repurchase_weight * D(t) + P(t))``.
``h0`` is the segment's yearly churn as a weekly hazard (``1 - (1 - churn)^(1/52)``); ``r0`` is the weekly
purchase chance that, with ``h0``, gives the segment's yearly repurchase (:func:`weekly_purchase`), so
that with nothing happening a year of weeks reproduces the plan's baselines exactly. ``D(t)`` is the
damage of the customer's complaints plus the crisis's public exposure, each halving every ``half_life``
from when it happened; ``C(t)`` and ``P(t)`` are the churn and repurchase effects of the care actions
delivered so far, each halving with its action's half-life. A complainant's chance of being satisfied is
``expit(logit(target) - satisfaction_weight * (D - C))``.

Everything is an expectation (probabilities, not draws) given who complained and whom each action
reaches, so a test can compute it by hand and two mixes of actions differ only by what they do.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.customers.population import MINUTES_PER_WEEK, Customers
from sim.format.care import CareAction, CustomerBase, ResponseModel

if TYPE_CHECKING:
    import pandas as pd


def weekly_hazard(per_year: float, weeks_per_year: int = 52) -> float:
    """The weekly chance that gives ``per_year`` over a year: ``1 - (1 - p)^(1/52)``.

    >>> round(1 - (1 - weekly_hazard(0.2)) ** 52, 12)
    0.2
    """
    return 1.0 - (1.0 - per_year) ** (1.0 / weeks_per_year)


def weekly_purchase(repurchase_per_year: float, churn_week: float, weeks: int = 52) -> float:
    """The weekly purchase chance ``r`` with which a customer who may leave each week (``churn_week``,
    leaving before buying) buys again within ``weeks`` with chance ``repurchase_per_year``; bisection on a
    function increasing in ``r``. A target above what staying allows gives 1."""
    def bought(r: float) -> float:
        x = (1 - churn_week) * (1 - r)
        return (1 - churn_week) * r * (1 - x ** weeks) / (1 - x) if x < 1 else 0.0
    if repurchase_per_year <= 0:
        return 0.0
    lo, hi = 0.0, 1.0
    if bought(hi) <= repurchase_per_year:
        return 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if bought(mid) < repurchase_per_year else (lo, mid)
    return (lo + hi) / 2


def expit(x):
    """The logistic function (scipy.special.expit, without importing SciPy into `sim run`)."""
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def logit(p):
    """log(p / (1 - p)), the inverse of :func:`expit`.

    >>> float(expit(logit(0.2)))
    0.2
    """
    p = np.asarray(p, dtype=float)
    return np.log(p) - np.log1p(-p)


def _clip_logit(p: np.ndarray) -> np.ndarray:
    return logit(np.clip(p, 1e-12, 1 - 1e-12))


def _decayed(amount: np.ndarray, start_week: np.ndarray, weeks: int, half_life_weeks: float,
             into: np.ndarray | None = None) -> np.ndarray:
    """(rows, weeks): ``amount`` from its start week on, halving every ``half_life_weeks`` (added to
    ``into`` when given). Only rows with an amount are computed: an action reaches few of them."""
    out = np.zeros((len(amount), weeks)) if into is None else into
    rows = np.flatnonzero(amount)
    if len(rows):
        # kernel[weeks + lag]: 0 before the start (negative lag), then the halving.
        kernel = np.concatenate([np.zeros(weeks), np.power(0.5, np.arange(weeks) / half_life_weeks)])
        lag = np.arange(weeks)[None, :] - start_week[rows, None]
        out[rows] += amount[rows, None] * kernel[np.clip(weeks + lag, 0, 2 * weeks - 1)]
    return out


@dataclass(frozen=True)
class Deliveries:
    """The care actions of one mix, delivered to the modelled customers."""
    churn: np.ndarray            # (rows, weeks) C(t)
    repurchase: np.ndarray       # (rows, weeks) P(t)
    # One row per delivery: action, week, customers reached (weighted), fixed and per-customer cost inputs.
    log: list[tuple[str, str, np.ndarray, np.ndarray, float, float]]


def deliver(actions: dict[str, CareAction], ids: tuple[str, ...], customers: Customers, weeks: int,
            response: ResponseModel, exposure: float, incident_min: float, mix: tuple[str, ...]) -> Deliveries:
    """When and to whom each action of ``mix`` is delivered, and its effects over the weeks.

    ``ids`` orders every action of the plan (the columns of ``customers.reach_u``), so that an action
    reaches the same customers whatever else is in the mix."""
    n = len(customers)
    churn = np.zeros((n, weeks))
    rep = np.zeros((n, weeks))
    log = []
    for aid in mix:
        a = actions[aid]
        col = ids.index(aid)
        if a.who == "everyone":
            audience = np.ones(n, dtype=bool)
        elif a.who == "complainants":
            audience = customers.complained.copy()
        elif a.who == "dissatisfied":
            audience = customers.dissatisfied.copy()
        else:   # at_risk: the complaints' damage plus the exposure, at its worst
            audience = customers.complained & (customers.damage + exposure >= response.at_risk)
        if a.segments:
            wanted = [customers.segment_ids.index(s) for s in a.segments]
            audience &= np.isin(customers.segment, wanted)
        reached = audience & (customers.reach_u[:, col] < a.reach)
        origin = np.full(n, incident_min) if a.who == "everyone" else customers.since
        action_hl = a.half_life / MINUTES_PER_WEEK
        for k in range(a.times):
            week = np.floor((origin + a.after + k * (a.every or 0.0)) / MINUTES_PER_WEEK).astype(np.int64)
            on = reached & (week < weeks)
            if not on.any() and a.cost_per_delivery == 0:
                continue
            _decayed(a.churn_effect * on, week, weeks, action_hl, into=churn)
            _decayed(a.repurchase_effect * on, week, weeks, action_hl, into=rep)
            log.append((aid, a.line, on, week, a.cost_per_delivery if on.any() else 0.0, a.cost_per_customer))
    return Deliveries(churn, rep, log)


@dataclass(frozen=True)
class Followed:
    """The modelled customers over the weeks: per row and week, the chance of still being a customer."""
    customers: Customers
    alive: np.ndarray            # (rows, weeks + 1): chance of being a customer at the start of each week
    churned: np.ndarray          # chance of having left by the end
    bought: np.ndarray           # chance of having bought again by the end
    hazard: np.ndarray           # (rows, weeks) weekly churn hazard
    satisfaction: np.ndarray     # (complainants, weeks) chance of being satisfied
    damage: np.ndarray           # (rows, weeks) D(t)
    spend: dict[str, float]      # by budget line: expected cost of the deliveries
    spend_by_action: dict[str, float]


def damage_matrix(customers: Customers, base: CustomerBase, response: ResponseModel, exposure: float,
                  exposure_min: float) -> np.ndarray:
    """D(t), (rows, weeks): each customer's complaint damage from the week of their first complaint, plus
    the crisis's public exposure from the week of its peak, both halving every half-life."""
    weeks = base.weeks
    hl = response.half_life / MINUTES_PER_WEEK
    since_week = np.floor(customers.since / MINUTES_PER_WEEK).astype(np.int64)
    exposure_week = np.full(len(customers), math.floor(exposure_min / MINUTES_PER_WEEK))
    d = _decayed(customers.damage, since_week, weeks, hl)
    return _decayed(np.full(len(customers), exposure), exposure_week, weeks, hl, into=d)


def follow(customers: Customers, base: CustomerBase, response: ResponseModel, satisfaction_target: float,
           exposure: float, exposure_min: float, deliveries: Deliveries | None,
           damage: np.ndarray | None = None) -> Followed:
    """Week by week: who stays, who buys again, how satisfied they are, what the deliveries cost.
    ``damage``: D(t) when already computed (:func:`damage_matrix`; it does not depend on the actions)."""
    weeks = base.weeks
    segs = list(base.segments.values())
    h0 = np.array([weekly_hazard(s.churn_per_year) for s in segs])[customers.segment]
    r0 = np.array([weekly_purchase(s.repurchase_per_year, weekly_hazard(s.churn_per_year)) for s in segs]
                  )[customers.segment]
    d = damage_matrix(customers, base, response, exposure, exposure_min) if damage is None else damage
    c = deliveries.churn if deliveries is not None else np.zeros_like(d)
    p = deliveries.repurchase if deliveries is not None else np.zeros_like(d)
    hazard = expit(_clip_logit(h0)[:, None] + (d - c))
    buy = expit(_clip_logit(r0)[:, None] - response.repurchase_weight * d + p)
    buy = np.where(r0[:, None] >= 1.0, 1.0, np.where(r0[:, None] <= 0.0, 0.0, buy))
    n = len(customers)
    # Each week a customer may leave first, then, if they stay, buy: still a customer after week t is
    # prod_{s<=t}(1 - h_s); still waiting to buy before week t's purchase, that times prod_{s<t}(1 - b_s).
    alive = np.ones((n, weeks + 1))
    np.cumprod(1 - hazard, axis=1, out=alive[:, 1:])
    not_yet = np.ones((n, weeks))
    np.cumprod(1 - buy[:, :-1], axis=1, out=not_yet[:, 1:])
    bought = (alive[:, 1:] * not_yet * buy).sum(axis=1)
    comp = customers.complained            # satisfaction is asked of those who complained only
    net = d[comp] - c[comp]
    satisfaction = expit(_clip_logit(np.array([satisfaction_target]))[0] - response.satisfaction_weight * net)
    spend: dict[str, float] = {}
    by_action: dict[str, float] = {}
    for aid, line, on, week, fixed, per_customer in (deliveries.log if deliveries is not None else []):
        still = alive[np.arange(n), np.clip(week, 0, weeks)]
        cost = fixed + per_customer * float((customers.weight * on * still).sum())
        spend[line] = spend.get(line, 0.0) + cost
        by_action[aid] = by_action.get(aid, 0.0) + cost
    return Followed(customers, alive, 1 - alive[:, -1], bought, hazard, satisfaction, d, spend, by_action)


def weekly_columns(followed: Followed, baseline: Followed) -> dict[str, np.ndarray]:
    """The base week by week: customers, churn hazard against the no-incident one, complainants'
    satisfaction (the columns of :func:`weekly_frame`, NumPy only)."""
    w = followed.customers.weight
    alive = followed.alive[:, :-1]
    mass = (w[:, None] * alive).sum(axis=0)
    churn = (w[:, None] * alive * followed.hazard).sum(axis=0) / mass
    b_alive = baseline.alive[:, :-1]
    b_churn = (w[:, None] * b_alive * baseline.hazard).sum(axis=0) / (w[:, None] * b_alive).sum(axis=0)
    comp = followed.customers.complained
    sat = (followed.satisfaction.mean(axis=0) if comp.any() else np.full(alive.shape[1], np.nan))
    return {"week": np.arange(alive.shape[1]), "customers": mass, "churn_rate": churn,
            "churn_rate_baseline": b_churn, "satisfaction_complainants": sat}


def weekly_frame(followed: Followed, baseline: Followed) -> pd.DataFrame:
    """The base week by week, as a table (:func:`weekly_columns`)."""
    return weekly_frame_of(weekly_columns(followed, baseline))


def weekly_frame_of(columns: dict[str, np.ndarray]) -> pd.DataFrame:
    import pandas as pd  # (the workers of `sim run` follow customers without it)
    return pd.DataFrame({name: values.copy() for name, values in columns.items()})
