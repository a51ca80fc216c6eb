"""The KPI summary of a run as aligned text, each KPI against the plan's target: what ``sim run``,
``sim staff`` and the planner app print."""
from __future__ import annotations

import math

from sim.i18n import t
from sim.i18n.columns import text_table


def format_value(value: float) -> str:
    """A KPI value for display: 3 decimals below 10, thousands separators above; '—' when missing."""
    if math.isnan(value):   # the KPI has no data in this run
        return "—"
    return f"{value:.3f}" if abs(value) < 10 else f"{value:,.1f}"


def kpi_table(summary, plan, lang: str = "en", only_targets: bool = False) -> tuple[str, int, int]:
    """The KPI summary as aligned text: kpi, mean, CI, target and met/missed. Returns (text, met, total)."""
    rows = [(t("run.col.kpi", lang), t("run.col.mean", lang), t("run.col.ci", lang), t("run.col.target", lang),
             t("run.col.status", lang))]
    met = total = 0
    for _, r in summary.iterrows():
        has_target = r["direction"] != ""
        if only_targets and not has_target:
            continue
        spec = plan.kpi_targets.get(r["kpi"])
        name = f"{r['kpi']} ({spec.name.get(lang)})" if spec is not None and spec.name is not None else r["kpi"]
        ci = f"[{format_value(r['ci_low'])}, {format_value(r['ci_high'])}]" if r["n"] > 1 else ""
        status = ""
        if has_target:
            total += 1
            ok = bool(r["met"])
            met += ok
            status = t("run.met", lang) if ok else t("run.missed", lang)
        rows.append((name, format_value(r["mean"]), ci, f"{r['direction']} {r['target']:g}" if has_target else "",
                     status))
    return text_table(rows), met, total
