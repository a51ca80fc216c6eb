"""What a manager reads: the customer KPIs against the plan's targets, the health report of the warning
indicators, the planner's answer, and the CSV, in English or Chinese (no internal id on a Chinese line).

``sim run`` prints :func:`customer_kpi_text` under the centre's KPIs and writes :func:`write_customer_csv`
beside its other outputs:

    >>> from sim import load_scenario                                              # doctest: +SKIP
    >>> from sim.customers.replications import replicate_customers                 # doctest: +SKIP
    >>> flagship = load_scenario("scenarios/product_defect_surge.yaml")            # doctest: +SKIP
    >>> runs, summary = replicate_customers(flagship, n=10)                        # doctest: +SKIP
    >>> print(customer_kpi_text(summary, flagship.plan, "zh", reps=10))           # doctest: +SKIP
    事件后 52 周的客户情况（10 次重复；措施：...）
    指标                      均值     95% 区间           目标      结果
    客户流失率（全部客户）    27.8%    27.7% – 27.8%     ≤ 23.7%   未达标
    ...
    >>> write_customer_csv(summary, "out/customers.csv", flagship.plan, "en")       # doctest: +SKIP

or all of it at once, health report of the first replication included (:func:`customer_section`).
"""
from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

import pandas as pd

from sim.customers.population import MINUTES_PER_WEEK
from sim.customers.replications import MixResult
from sim.customers.warning import first_warnings
from sim.format.plan import Plan
from sim.i18n import t
from sim.i18n.columns import text_table

SHARES = {"churn_rate", "churn_baseline", "churn_target", "churn_rate_complainants", "repurchase_rate",
          "repurchase_baseline", "repurchase_target", "care_budget_used"}
MONEY = {"revenue_at_risk", "revenue_lost", "revenue_retained", "care_spend", "care_budget",
         "cost_per_retained_customer"}
SHOWN = ["churn_rate", "churn_rate_complainants", "repurchase_rate", "customers_at_risk", "revenue_at_risk",
         "customers_lost", "revenue_lost", "customers_retained", "revenue_retained", "care_spend", "care_budget_used",
         "cost_per_retained_customer", "satisfaction_recovery_weeks"]


def kpi_label(kpi: str, plan: Plan, lang: str) -> str:
    """A KPI's name in ``lang``; a budget line's spend by the plan's name for the line."""
    if kpi.startswith("care_spend."):
        line = kpi.split(".", 1)[1]
        name = plan.care.budget[line].name.get(lang) if plan.care is not None and line in plan.care.budget else line
        return t("customers.kpi.care_spend_line", lang, line=name)
    return t(f"customers.kpi.{kpi}", lang)


def kpi_value(kpi: str, value: float, plan: Plan, lang: str) -> str:
    """A KPI value as a reader expects it: a share in %, money in the plan's currency, weeks, a count."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("customers.not_recovered", lang) if kpi == "satisfaction_recovery_weeks" else "–"
    if kpi in SHARES:
        return f"{value:.1%}"
    if kpi in MONEY or kpi.startswith("care_spend."):
        return t("customers.money", lang, amount=value, currency=_currency(plan, lang))
    if kpi == "satisfaction_recovery_weeks":
        return t("customers.weeks", lang, n=value)
    return f"{value:,.0f}"


def _currency(plan: Plan, lang: str) -> str:
    currency = plan.authority.currency
    return "元" if lang == "zh" and currency == "yuan" else currency


def _status(met: Any, lang: str) -> str:
    if met is None or (isinstance(met, float) and math.isnan(met)):
        return ""
    return t("run.met", lang) if bool(met) else t("run.missed", lang)


def customer_kpi_text(summary: pd.DataFrame, plan: Plan, lang: str = "en", reps: int | None = None,
                      mix: tuple[str, ...] | None = None) -> str:
    """The customer KPIs against their targets as aligned text (what ``sim run`` prints)."""
    rows_by_kpi = summary.set_index("kpi")
    actions = plan.care.actions if plan.care is not None else {}
    mix = tuple(plan.care.planned) if mix is None and plan.care is not None else (mix or ())
    names = "、".join if lang == "zh" else ", ".join
    header = t("customers.header", lang, weeks=plan.churn.customers.weeks if plan.churn.customers else 0,
               reps=reps if reps is not None else int(rows_by_kpi["n"].max()),
               mix=names([actions[a].name.get(lang) for a in mix if a in actions]) or t("customers.no_actions", lang))
    table = [[t(f"customers.col.{c}", lang) for c in ("kpi", "mean", "interval", "target", "status")]]
    lines = [k for k in SHOWN if k in rows_by_kpi.index] + [k for k in rows_by_kpi.index if k.startswith("care_spend.")]
    for kpi in lines:
        row = rows_by_kpi.loc[kpi]
        interval = ("" if math.isnan(row["ci_low"]) or row["ci_low"] == row["ci_high"] else
                    f"{kpi_value(kpi, row['ci_low'], plan, lang)} – {kpi_value(kpi, row['ci_high'], plan, lang)}")
        target = ""
        if row["direction"]:
            target = ("≤ " if row["direction"] == "at_most" else "≥ ") + kpi_value(kpi, row["target"], plan, lang)
        table.append([kpi_label(kpi, plan, lang), kpi_value(kpi, row["mean"], plan, lang), interval, target,
                      _status(row["met"], lang)])
    return header + "\n" + text_table(table)


_FORMULA = ("=", "+", "-", "@", "\t", "\r")     # as sim.reports.export: a plan's names are data, not formulas


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA) else text


def write_customer_csv(summary: pd.DataFrame, path: str | Path, plan: Plan, lang: str = "en") -> Path:
    """The summary as CSV: kpi id, its name in ``lang``, mean, interval, target, direction, met."""
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8-sig" if lang == "zh" else "utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["kpi", "name", "mean", "ci_low", "ci_high", "n", "target", "direction", "met"])
        for row in summary.itertuples(index=False):
            writer.writerow([row.kpi, _cell(kpi_label(row.kpi, plan, lang)), f"{row.mean:.6g}", f"{row.ci_low:.6g}",
                             f"{row.ci_high:.6g}", row.n, "" if math.isnan(row.target) else f"{row.target:.6g}",
                             row.direction, "" if row.met is None else bool(row.met)])
    return path


def mix_answer(cheapest: MixResult | None, lowest: MixResult, target: float, plan: Plan, lang: str = "en") -> str:
    """The planner's answer in one sentence: the cheapest mix within target, or the closest there is."""
    actions = plan.care.actions if plan.care is not None else {}
    names = "、".join if lang == "zh" else ", ".join

    def named(r: MixResult) -> str:
        return names([actions[a].name.get(lang) for a in r.actions]) or t("customers.no_actions", lang)
    if cheapest is not None:
        return t("customers.mix.found", lang, target=target, mix=named(cheapest), spend=cheapest.spend,
                 churn=cheapest.churn, currency=_currency(plan, lang))
    return t("customers.mix.none", lang, target=target, churn=lowest.churn, mix=named(lowest), spend=lowest.spend,
             currency=_currency(plan, lang))


def _duration(minutes: float, lang: str) -> str:
    if minutes >= 1440 and minutes % 1440 == 0:
        return t("centre.plot.days", lang, n=minutes / 1440)
    if minutes >= 60 and minutes % 60 == 0:
        return t("centre.plot.hours", lang, n=minutes / 60)
    return t("centre.plot.minutes", lang, n=round(minutes, 1))


def _when(scenario: Any, minute: float) -> str:
    return (pd.Timestamp(scenario.start) + pd.Timedelta(minutes=minute)).strftime("%Y-%m-%d %H:%M")


def health_report(result: Any, signals: pd.DataFrame, kpis: pd.Series | None = None, lang: str = "en") -> str:
    """The health of customer relations over a run, as a manager reads it: each indicator's first
    warning (or normal), when the warnings would have activated the plan against the triggers, and the
    customer outcome against the plan's targets."""
    scenario = result.scenario
    plan: Plan = scenario.plan
    ew = plan.early_warning
    lines = [t("customers.health.title", lang, title=scenario.title.get(lang))]
    firsts = first_warnings(signals)
    for ind in ("complaint_rate", "satisfaction_trend", "churn_rate"):
        rule = getattr(ew, ind) if ew is not None else None
        if rule is None or (ind == "churn_rate" and kpis is None):
            continue
        if ind not in firsts:
            status = t("customers.health.normal", lang)
        else:
            row = signals[signals["indicator"] == ind].iloc[0]
            if ind == "complaint_rate":
                status = t("customers.health.rate_warning", lang, time=_when(scenario, row["minute"]),
                           observed=row["observed"], category=plan.label("categories", row["category"], lang),
                           window=_duration(rule.window, lang), expected=row["expected"], threshold=row["threshold"])
            elif ind == "satisfaction_trend":
                status = t("customers.health.satisfaction_warning", lang, time=_when(scenario, row["minute"]),
                           observed=row["observed"], window=_duration(rule.window, lang), threshold=row["threshold"])
            else:
                status = t("customers.health.churn_warning", lang, week=int(row["minute"] // MINUTES_PER_WEEK),
                           observed=row["observed"], expected=row["expected"], threshold=row["threshold"])
        lines.append(t("customers.health.indicator", lang, name=rule.name.get(lang), status=status))
    active = signals[signals["activates"].astype(bool)] if len(signals) else signals
    if len(active):
        at = float(active["minute"].min())
        held = getattr(result, "trigger_first_held", {}) or {}
        if held:
            first = min(held.values())
            lead = t("customers.health.lead_before" if at <= first else "customers.health.lead_after", lang,
                     minutes=abs(first - at))
        else:
            lead = t("customers.health.no_trigger", lang)
        lines.append(t("customers.health.activation", lang, time=_when(scenario, at), lead=lead))
    else:
        lines.append(t("customers.health.no_activation", lang))
    if kpis is not None:
        weeks = plan.churn.customers.weeks if plan.churn.customers is not None else 0
        lines.append(t("customers.health.outcome", lang, weeks=weeks, churn=kpis["churn_rate"],
                       churn_target=kpis["churn_target"],
                       churn_status=_status(kpis["churn_rate"] <= kpis["churn_target"], lang),
                       repurchase=kpis["repurchase_rate"], repurchase_target=kpis["repurchase_target"],
                       repurchase_status=_status(kpis["repurchase_rate"] >= kpis["repurchase_target"], lang),
                       at_risk=kpis["customers_at_risk"],
                       recovery=kpi_value("satisfaction_recovery_weeks", kpis["satisfaction_recovery_weeks"], plan,
                                          lang)))
    return "\n".join(lines)


def customer_section(scenario: Any, reps: int, seed: int | None = None, lang: str = "en", detail: Any = None,
                     out: str | Path | None = None, kept: list | None = None) -> tuple[str, pd.DataFrame] | None:
    """What ``sim run`` adds for customers: the KPI table over ``reps`` replications and the health report
    of the first, and ``customers.csv`` in ``out``. ``kept``: what :func:`sim.customers.kept.keep_run`
    took from each replication of the run (its customer model and view), so nothing is simulated again;
    without it the replications are simulated here (``detail``: replication 0 already simulated). None when
    the scenario's plan has no customer model.

        >>> from sim import load_scenario                                          # doctest: +SKIP
        >>> flagship = load_scenario("scenarios/product_defect_surge.yaml")        # doctest: +SKIP
        >>> text, summary = customer_section(flagship, reps=10, lang="zh", out="out/")   # doctest: +SKIP
        >>> print(text)                                                            # doctest: +SKIP
    """
    from sim.customers.outcomes import NoCustomerModel, model_of_result, plan_parts
    from sim.customers.replications import replicate_customers
    from sim.customers.warning import warning_signals
    from sim.simulation.centre import CentreOptions
    from sim.simulation.replication import simulate
    try:
        plan_parts(scenario.plan)
    except NoCustomerModel:
        return None
    if kept is not None:
        models = [model for model, _ in kept]
        reps = len(models)
        first_run = detail if detail is not None else kept[0][1]
    else:
        base = scenario.seed if seed is None else seed
        opts = CentreOptions(record_log=False)
        first_run = detail if detail is not None else simulate(scenario, seed=base, replication=0, options=opts)
        models = [model_of_result(first_run)] + [
            model_of_result(simulate(scenario, seed=base, replication=i, options=opts)) for i in range(1, reps)]
    _, summary = replicate_customers(scenario, models=models)
    first = models[0].outcome()
    signals = warning_signals(first_run, weekly=first.weekly)
    text = customer_kpi_text(summary, scenario.plan, lang, reps=reps) + "\n\n" + \
        health_report(first_run, signals, first.kpis, lang)
    if out is not None:
        path = write_customer_csv(summary, Path(out) / "customers.csv", scenario.plan, lang)
        text += "\n" + t("customers.csv.written", lang, path=str(path))
    return text, summary
