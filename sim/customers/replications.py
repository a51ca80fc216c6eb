"""Customer KPIs over replications, with intervals, and the planner's question: "given this incident,
which mix of win-back and care actions keeps churn within target at least cost?"

Replication ``i`` simulates the centre with the streams of ``(seed, i)`` and draws its customers from
``(seed, i, customers)``; every mix of actions is then followed on those same customers (common random
numbers), so two mixes differ only by what their actions do, never by luck.

:func:`summarise_customers` gives each KPI its mean and 95 % interval over the replications (a share's
interval stays inside [0, 1], :mod:`sim.simulation.intervals`), the target and whether it is met.
:func:`compare_mixes` lays mixes side by side; :func:`cheapest_mix` searches them: every subset of the
candidates when there are at most ``exhaustive_up_to`` of them, otherwise a greedy search that adds the
action with the most churn avoided per yuan until the target is met, then drops any that is not needed.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.customers.outcomes import TARGETS, CustomerModel, model_of_result
from sim.format.scenario import Scenario
from sim.simulation.centre import CentreOptions
from sim.simulation.intervals import proportion_interval, t_interval
from sim.simulation.replication import simulate

PROPORTIONS = {"churn_rate", "churn_baseline", "churn_target", "churn_rate_complainants", "repurchase_rate",
               "repurchase_baseline", "repurchase_target"}

SIGNED = {"customers_lost", "revenue_lost"}      # below 0 when the actions do better than no incident


def customer_models(scenario: Scenario, n: int, seed: int | None = None) -> list[CustomerModel]:
    """``n`` replications of the centre, each ready to be followed under any mix (no event log kept)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    base = scenario.seed if seed is None else seed
    return [model_of_result(simulate(scenario, seed=base, replication=i, options=CentreOptions(record_log=False)))
            for i in range(n)]


def summarise_customers(runs: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """One row per KPI: mean, interval, target, direction, met (True/False/None), over the runs' rows."""
    rows = []
    for kpi in runs.columns:
        values = runs[kpi].to_numpy(dtype=float)
        ok = values[~np.isnan(values)]
        mean = float(ok.mean()) if len(ok) else math.nan
        lo, hi, _ = (proportion_interval(ok, None, confidence) if kpi in PROPORTIONS else t_interval(ok, confidence))
        if kpi not in SIGNED and not math.isnan(lo):
            lo = max(lo, 0.0)            # counts, money and weeks are never negative
        direction, target = "", math.nan
        if kpi in TARGETS:
            direction, holder = TARGETS[kpi]
            target = float(runs[holder].mean()) if holder else 1.0
        met = None if not direction or math.isnan(mean) else (mean <= target if direction == "at_most"
                                                               else mean >= target)
        rows.append({"kpi": kpi, "mean": mean, "ci_low": lo, "ci_high": hi, "n": len(ok), "target": target,
                     "direction": direction, "met": met})
    return pd.DataFrame(rows)


def replicate_customers(scenario: Scenario, n: int = 10, seed: int | None = None,
                        mix: Sequence[str] | None = None, models: list[CustomerModel] | None = None
                        ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The customer KPIs of ``n`` replications under ``mix`` (the plan's planned actions when None):
    (one row per replication, the summary of :func:`summarise_customers`)."""
    models = models if models is not None else customer_models(scenario, n, seed)
    runs = pd.DataFrame([m.outcome(None if mix is None else tuple(mix)).kpis for m in models]).reset_index(drop=True)
    return runs, summarise_customers(runs)


@dataclass(frozen=True)
class MixResult:
    """One mix over the replications: its churn and spend (means, and churn's interval)."""
    actions: tuple[str, ...]
    churn: float
    churn_high: float
    spend: float
    retained: float
    meets: bool


def evaluate_mix(models: list[CustomerModel], mix: Iterable[str], target: float) -> MixResult:
    """A mix's churn and spend over the replications, and whether its mean churn is within ``target``."""
    mix = tuple(mix)
    kpis = pd.DataFrame([m.kpis(mix) for m in models])
    churn = kpis["churn_rate"].to_numpy(dtype=float)
    _, hi, _ = proportion_interval(churn, None, 0.95)
    mean = float(churn.mean())
    return MixResult(mix, mean, hi, float(kpis["care_spend"].mean()), float(kpis["customers_retained"].mean()),
                     mean <= target + 1e-12)


def churn_target(models: list[CustomerModel], target: float | str = "plan") -> float:
    """The churn to stay within: the plan's target (``"plan"``: the no-incident churn cut by the plan's
    reduction), the no-incident churn itself (``"baseline"``), or a number."""
    if isinstance(target, str):
        key = {"plan": "churn_target", "baseline": "churn_baseline"}.get(target)
        if key is None:
            raise ValueError(f"unknown target {target!r}; give 'plan', 'baseline' or a churn rate")
        return float(np.mean([m.kpis(())[key] for m in models]))
    return float(target)


def compare_mixes(models: list[CustomerModel], mixes: Iterable[Iterable[str]], target: float | str = "plan"
                  ) -> pd.DataFrame:
    """Mixes side by side, cheapest first: actions, churn (mean and upper end), spend, retained, meets."""
    limit = churn_target(models, target)
    rows = [evaluate_mix(models, mix, limit) for mix in mixes]
    frame = pd.DataFrame([{"actions": " + ".join(r.actions) or "-", "churn_rate": r.churn, "churn_high": r.churn_high,
                           "care_spend": r.spend, "customers_retained": r.retained, "meets_target": r.meets,
                           "target": limit} for r in rows])
    return frame.sort_values(["care_spend", "churn_rate"], kind="stable").reset_index(drop=True)


def cheapest_mix(models: list[CustomerModel], candidates: Sequence[str] | None = None,
                 target: float | str = "plan", exhaustive_up_to: int = 6) -> tuple[MixResult | None, MixResult]:
    """The cheapest mix of ``candidates`` (all the plan's actions when None) whose mean churn is within
    ``target``, or None; and the mix with the lowest churn found (what comes closest when none does)."""
    if not models:
        raise ValueError("give at least one replication")
    ids = tuple(candidates) if candidates is not None else models[0].action_ids
    for m in models:
        m.check_mix(ids)
    limit = churn_target(models, target)
    seen: dict[tuple[str, ...], MixResult] = {}

    def ev(mix: Iterable[str]) -> MixResult:
        key = tuple(a for a in ids if a in set(mix))
        if key not in seen:
            seen[key] = evaluate_mix(models, key, limit)
        return seen[key]

    if len(ids) <= exhaustive_up_to:
        for k in range(len(ids) + 1):
            for mix in itertools.combinations(ids, k):
                ev(mix)
    else:
        chosen: list[str] = []
        current = ev(())
        while not current.meets and len(chosen) < len(ids):
            def gain(a: str, now: MixResult = current) -> float:
                trial = ev(chosen + [a])
                return (now.churn - trial.churn) / max(trial.spend - now.spend, 1.0)
            best = max((a for a in ids if a not in chosen), key=gain)
            chosen.append(best)
            current = ev(chosen)
        for a in list(chosen):                       # drop what the target does not need, dearest first
            trial = [b for b in chosen if b != a]
            if current.meets and ev(trial).meets:
                chosen, current = trial, ev(trial)
    meeting = [r for r in seen.values() if r.meets]
    cheapest = min(meeting, key=lambda r: (r.spend, r.churn)) if meeting else None
    lowest = min(seen.values(), key=lambda r: (r.churn, r.spend))
    return cheapest, lowest
