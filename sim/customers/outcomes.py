"""The customer outcomes of one run, against the plan's targets: churn, buying again, customers and revenue
at risk, lost and retained, the care budget spent, and how long satisfaction takes to recover.

:class:`CustomerModel` prepares a finished run once (its complaints folded per customer, the customers
drawn, the crisis's public exposure) and :meth:`CustomerModel.outcome` follows them under any mix of the
plan's care and win-back actions: the planner compares mixes on the same customers (common random
numbers). :func:`follow_customers` does both for the plan's own mix.

The KPIs (one :class:`pandas.Series`), in the plan's words:

- ``churn_rate``: share of the whole base that leaves within the follow window; ``churn_target`` is the
  no-incident level (``churn_baseline``) cut by the plan's ``satisfaction.churn_reduction`` (10 %);
  ``churn_rate_complainants`` the same among those who complained.
- ``repurchase_rate``: share that buys again within the window; ``repurchase_target`` the baseline raised
  by ``satisfaction.repurchase_uplift`` (20 %).
- ``customers_at_risk``, ``revenue_at_risk``: complainants whose damage (with the crisis's exposure)
  reached the response model's ``at_risk``, and their yearly revenue.
- ``customers_lost``, ``revenue_lost``: churners beyond the no-incident level, and their yearly revenue (per
  customer group, never below zero: actions that keep one group below its no-incident level do not offset
  another's loss).
- ``customers_retained``, ``revenue_retained``: churners the actions avoided (against no action).
- ``care_spend``, ``care_budget`` (the plan's yearly budget for the window's weeks), ``care_budget_used``
  (their ratio), ``care_spend.<line>``; ``cost_per_retained_customer`` (spend / retained).
- ``satisfaction_recovery_weeks``: weeks from the incident's week until the complainants' satisfaction is
  back within ``recovered_within`` of the plan's target for good (0: it never fell; NaN: not within the
  window).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.customers.experience import chain_columns, complaint_chains, contacts_of_records, public_exposure
from sim.customers.follow import (
    Deliveries,
    Followed,
    damage_matrix,
    deliver,
    follow,
    weekly_columns,
    weekly_frame_of,
)
from sim.customers.population import MINUTES_PER_WEEK, Customers, build_customers, customer_rng
from sim.format.plan import Plan
from sim.i18n import t

if TYPE_CHECKING:
    import pandas as pd

# KPI -> (bound, the KPI holding the bound): what "met" means for each judged KPI.
TARGETS = {"churn_rate": ("at_most", "churn_target"), "repurchase_rate": ("at_least", "repurchase_target"),
           "care_budget_used": ("at_most", None)}


class NoCustomerModel(ValueError):
    """The plan has no customer base or response model (its ``churn`` section lacks them); ``key`` is the
    message in the catalogue, for a caller that shows it in Chinese."""
    key = "customers.err.no_model"

    def __init__(self) -> None:
        super().__init__(t(self.key, "en"))


def plan_parts(plan: Plan) -> tuple[Any, Any]:
    """The plan's customer base and response model, or :class:`NoCustomerModel`."""
    base, response = plan.churn.customers, plan.churn.response
    if base is None or response is None:
        raise NoCustomerModel()
    return base, response


@dataclass(frozen=True)
class CustomerOutcome:
    """One run's customer KPIs, the base week by week, and the spend per action."""
    kpis: pd.Series
    weekly: pd.DataFrame
    spend_by_action: dict[str, float]


def recovery_weeks(satisfaction: np.ndarray, start_week: int, target: float, within: float) -> float:
    """Weeks from ``start_week`` until ``satisfaction`` (one value a week) is at least ``target - within``
    and stays there; 0 if it never fell below, NaN if it has not recovered by the last week.

    >>> recovery_weeks(np.array([0.9, 0.7, 0.8, 0.89, 0.9]), 0, 0.9, 0.02)   # back at week 3 (0.89 >= 0.88)
    3.0
    >>> recovery_weeks(np.array([0.9, 0.7, 0.8]), 0, 0.9, 0.02)
    nan
    """
    after = satisfaction[start_week:]
    if not len(after) or np.isnan(after).all():
        return math.nan
    below = np.flatnonzero(after < target - within - 1e-12)
    if not len(below):
        return 0.0
    last = int(below[-1])
    return math.nan if last == len(after) - 1 else float(last + 1)


class CustomerModel:
    """A finished run's customers, ready to be followed under any mix of care and win-back actions."""

    def __init__(self, plan: Plan, complaints: pd.DataFrame | dict, *, seed: int, replication: int,
                 peak_attention: float = 0.0, peak_min: float = 0.0, incident_min: float = 0.0,
                 follow_after: float = 0.0):
        self.plan = plan
        self.base, self.response = plan_parts(plan)
        self.actions = dict(plan.care.actions) if plan.care is not None else {}
        self.action_ids = tuple(self.actions)
        self._cache: dict[str, Deliveries] = {}
        # a complaints table, or a run's contact columns (:func:`contacts_of_records`: no pandas)
        self.chains = (chain_columns(complaints, plan, follow_after) if isinstance(complaints, dict)
                       else complaint_chains(complaints, plan, follow_after))
        threshold = plan.activation.triggers.public_attention.threshold
        self.exposure = public_exposure(peak_attention, threshold, self.response)
        self.exposure_min = peak_min
        self.incident_min = incident_min
        self.customers: Customers = build_customers(self.chains, self.base, self.response, len(self.action_ids),
                                                    customer_rng(seed, replication))
        self._summaries: dict[tuple[str, ...], tuple[dict, dict, dict]] = {}
        self._follow_quiet_and_unhelped()

    # Pickled, a model travels without its (rows, weeks) matrices: 16 MB a replication on the flagship, which
    # a worker of `sim run` would push through a pipe to a command busy simulating. It takes along what the
    # command reads of it (the plan's own mix followed: its KPIs, the base week by week, the spend); the
    # matrices are computed again, by the same functions from the same customers, only if another mix is
    # asked for (the cheapest-care search).
    def __getstate__(self) -> dict:
        self.outcome_values()
        return {**self.__dict__, "_cache": {}, "_heavy": None}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def _follow_quiet_and_unhelped(self) -> None:
        """The customers without the incident (baseline), and with it but no action (no_action)."""
        target = self.plan.satisfaction.target
        quiet = Customers(**{**self.customers.__dict__, "damage": np.zeros(len(self.customers))})
        baseline = follow(quiet, self.base, self.response, target, 0.0, 0.0, None)
        damage = damage_matrix(self.customers, self.base, self.response, self.exposure, self.exposure_min)
        no_action = follow(self.customers, self.base, self.response, target, self.exposure, self.exposure_min,
                           None, damage)
        self._heavy = (baseline, damage, no_action)

    def _heavy_parts(self) -> tuple[Followed, np.ndarray, Followed]:
        if self._heavy is None:
            self._follow_quiet_and_unhelped()
        return self._heavy

    @property
    def baseline(self) -> Followed:
        """The customers followed as if there had been no incident."""
        return self._heavy_parts()[0]

    @property
    def damage(self) -> np.ndarray:
        """D(t), (rows, weeks): :func:`~sim.customers.follow.damage_matrix`."""
        return self._heavy_parts()[1]

    @property
    def no_action(self) -> Followed:
        """The customers followed after the incident, with no care action."""
        return self._heavy_parts()[2]

    @property
    def planned(self) -> tuple[str, ...]:
        return tuple(self.plan.care.planned) if self.plan.care is not None else ()

    def check_mix(self, mix: tuple[str, ...]) -> tuple[str, ...]:
        """The mix, each id one of the plan's care actions (ValueError naming the first that is not)."""
        for aid in mix:
            if aid not in self.actions:
                raise ValueError(t("customers.err.unknown_action", "en", action=aid,
                                   known=", ".join(self.action_ids) or "-"))
        return tuple(dict.fromkeys(mix))

    def followed(self, mix: tuple[str, ...]) -> Followed:
        mix = self.check_mix(mix)
        if not mix:
            return self.no_action
        parts = [self._delivered(aid) for aid in mix]
        deliveries = Deliveries(np.sum([p.churn for p in parts], axis=0), np.sum([p.repurchase for p in parts], axis=0),
                                [row for p in parts for row in p.log])
        return follow(self.customers, self.base, self.response, self.plan.satisfaction.target, self.exposure,
                      self.exposure_min, deliveries, self.damage)

    def _delivered(self, aid: str) -> Deliveries:
        """One action's deliveries, computed once: effects add up in log-odds, so a mix is their sum."""
        if aid not in self._cache:
            self._cache[aid] = deliver(self.actions, self.action_ids, self.customers, self.base.weeks,
                                       self.response, self.exposure, self.incident_min, (aid,))
        return self._cache[aid]

    def outcome(self, mix: tuple[str, ...] | None = None) -> CustomerOutcome:
        """The KPIs under ``mix`` (the plan's ``planned`` actions when None)."""
        import pandas as pd
        kpis, weekly, spend = self._summary(self.planned if mix is None else tuple(mix))
        return CustomerOutcome(pd.Series(kpis), weekly_frame_of(weekly), dict(spend))

    def kpis(self, mix: tuple[str, ...] | None = None) -> pd.Series:
        """The KPIs alone (no weekly table): what a search over mixes needs."""
        import pandas as pd
        mix = self.check_mix(self.planned if mix is None else tuple(mix))
        known = self._summaries.get(mix)
        return pd.Series(known[0] if known is not None else self._kpi_values(self.followed(mix)))

    def outcome_values(self, mix: tuple[str, ...] | None = None) -> tuple[dict, dict, dict]:
        """:meth:`outcome` as plain values, without pandas: the KPIs, the weekly columns, the spend per
        action (computed once per mix)."""
        return self._summary(self.planned if mix is None else tuple(mix))

    def _summary(self, mix: tuple[str, ...]) -> tuple[dict, dict, dict]:
        """``mix`` followed, as plain values (computed once): its KPIs, the base week by week, the spend per
        action."""
        mix = self.check_mix(mix)
        if mix not in self._summaries:
            done = self.followed(mix)
            self._summaries[mix] = (self._kpi_values(done), weekly_columns(done, self.baseline),
                                    dict(done.spend_by_action))
        return self._summaries[mix]

    def _kpi_values(self, done: Followed) -> dict[str, float]:
        c, plan, response = self.customers, self.plan, self.response
        w = c.weight
        total = float(w.sum())
        segs = list(self.base.segments.values())
        revenue = np.array([s.revenue_per_year for s in segs])[c.segment]
        base_churn = float((w * self.baseline.churned).sum() / total)
        base_rep = float((w * self.baseline.bought).sum() / total)
        at_risk = c.complained & (c.damage + self.exposure >= response.at_risk)
        comp = c.complained
        retained = w * (self.no_action.churned - done.churned)
        # per customer, and never below zero: care that keeps a well-served customer below the no-incident
        # level does not make up for another the incident drove away (a quiet week loses nobody, not -473)
        lost = w * np.maximum(done.churned - self.baseline.churned, 0.0)
        spend = float(sum(done.spend.values()))
        budget_lines = plan.care.budget if plan.care is not None else {}
        share_of_year = self.base.weeks / 52.0
        budget = float(sum(line.amount for line in budget_lines.values())) * share_of_year
        retained_n = float(retained.sum())
        start_week = int(self.incident_min // MINUTES_PER_WEEK)
        sat = done.satisfaction.mean(axis=0) if comp.any() else np.full(self.base.weeks, np.nan)
        kpis: dict[str, float] = {
            "churn_rate": float((w * done.churned).sum() / total),
            "churn_baseline": base_churn,
            "churn_target": base_churn * (1 - plan.satisfaction.churn_reduction),
            "churn_rate_complainants": float(done.churned[comp].mean()) if comp.any() else math.nan,
            "repurchase_rate": float((w * done.bought).sum() / total),
            "repurchase_baseline": base_rep,
            "repurchase_target": min(1.0, base_rep * (1 + plan.satisfaction.repurchase_uplift)),
            "customers": total,
            "complainants": float(comp.sum()),
            "customers_at_risk": float(w[at_risk].sum()),
            "revenue_at_risk": float((w * revenue)[at_risk].sum()),
            "customers_lost": float(lost.sum()),
            "revenue_lost": float((lost * revenue).sum()),
            "customers_retained": retained_n,
            "revenue_retained": float((retained * revenue).sum()),
            "care_spend": spend,
            "care_budget": budget,
            "care_budget_used": spend / budget if budget > 0 else math.nan,
            "cost_per_retained_customer": spend / retained_n if retained_n > 1e-9 else math.nan,
            "satisfaction_recovery_weeks": recovery_weeks(sat, start_week, plan.satisfaction.target,
                                                          response.recovered_within),
        }
        for line in budget_lines:
            kpis[f"care_spend.{line}"] = float(done.spend.get(line, 0.0))
        return kpis


def model_of_result(result: Any) -> CustomerModel:
    """A :class:`CustomerModel` from a finished run (:func:`sim.simulation.replication.simulate`'s result:
    its scenario, seed, replication, complaints table and time series)."""
    scenario = result.scenario
    ts = result.timeseries
    if len(ts) and "public_attention" in ts:
        peak, peak_min = _peak(ts["public_attention"].to_numpy(dtype=float), ts["minute"].to_numpy(dtype=float))
    else:
        peak, peak_min = 0.0, 0.0
    incident_min = min((inc.at for inc in scenario.incidents), default=0.0)
    follow_after = scenario.follow_up.after if scenario.follow_up is not None else 0.0
    return CustomerModel(scenario.plan, result.complaints, seed=result.seed, replication=result.replication,
                         peak_attention=peak, peak_min=peak_min, incident_min=incident_min, follow_after=follow_after)


def model_of_records(records: Any, seed: int, replication: int) -> CustomerModel:
    """:func:`model_of_result` from a run's records (:class:`sim.simulation.records.RunRecords`), without
    building its tables: the same model, NumPy only (what a worker of ``sim run`` builds)."""
    from sim.simulation.records import SampleTable
    scenario = records.scenario
    if len(records.samples):
        sampled = SampleTable.from_rows(records.samples, len(records.teams)).columns
        peak, peak_min = _peak(sampled["public_attention"].astype(float), sampled["minute"].astype(float))
    else:
        peak, peak_min = 0.0, 0.0
    incident_min = min((inc.at for inc in scenario.incidents), default=0.0)
    follow_after = scenario.follow_up.after if scenario.follow_up is not None else 0.0
    return CustomerModel(scenario.plan, contacts_of_records(records), seed=seed, replication=replication,
                         peak_attention=peak, peak_min=peak_min, incident_min=incident_min, follow_after=follow_after)


def _peak(attention: np.ndarray, minute: np.ndarray) -> tuple[float, float]:
    """Public attention at its peak, and the minute of that peak."""
    peak_i = int(np.nanargmax(attention)) if np.isfinite(attention).any() else 0
    return float(attention[peak_i]), float(minute[peak_i])


def follow_customers(result: Any, mix: tuple[str, ...] | None = None) -> CustomerOutcome:
    """The customer KPIs of a finished run under ``mix`` (the plan's planned actions when None).

        >>> from sim import load_scenario                                          # doctest: +SKIP
        >>> from sim.simulation.replication import simulate                        # doctest: +SKIP
        >>> flagship = load_scenario("scenarios/product_defect_surge.yaml")        # doctest: +SKIP
        >>> follow_customers(simulate(flagship)).kpis["churn_rate"]                # doctest: +SKIP
    """
    return model_of_result(result).outcome(mix)
