"""The KPI summary of a run against the plan's targets, as aligned text (``sim run``, ``sim staff``) or a
styled HTML table (the planner app and notebook), in English or Chinese.

One row per KPI of :func:`sim.simulation.metrics.summarise`: its name, mean, confidence interval, the n
the interval rests on (complaints for a share, else replications), the target and the verdict. The
verdict comes from the mean and ``met`` alone (:func:`sim.simulation.metrics.kpi_status`), so a summary
whose targets were replaced (the staffing search's) reads the same way: *met*, *MISSED*, or *no data* —
a KPI with nothing observed is never a miss. In HTML the verdicts are coloured (the kit's OK / BAD /
MUTED colours, :mod:`sim.reports.theme`) and numbers are right-aligned in tabular figures; in a terminal
the columns line up in either script (:func:`sim.i18n.columns.text_table`).

A Chinese table names each KPI in Chinese (the plan's name for a target, else the catalogue's, with the
team or severity by the plan's name) and shows no internal id; an English one shows the id, which is what
``--target`` takes, with the plan's name beside it. In a terminal that allows colour (``colour=True``: the
caller decides, :func:`sim.cli.common.use_colour`) *met* is green and *MISSED* red, as in the HTML table.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from sim.i18n import STRINGS, t
from sim.i18n.columns import text_table
from sim.reports.theme import BAD, MUTED, OK
from sim.simulation.metrics import MET, MISSED, NO_DATA, kpi_status

if TYPE_CHECKING:
    import pandas as pd

    from sim.format.plan import Plan

STATUS_KEYS = {MET: "run.met", MISSED: "run.missed", NO_DATA: "run.no_data"}
STATUS_COLOURS = {MET: OK, MISSED: BAD, NO_DATA: MUTED}
KPI_TABLE_CSS = (
    ".kpi-table{border-collapse:collapse;font-size:13px}"
    ".kpi-table th,.kpi-table td{padding:3px 10px;border-bottom:1px solid #e0e0e0;text-align:left}"
    ".kpi-table th{border-bottom:2px solid #bbb}"
    ".kpi-table td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    ".kpi-table .status{font-weight:600;white-space:nowrap}"
    + "".join(f".kpi-table .s-{s}{{color:{c}}}" for s, c in STATUS_COLOURS.items())
    + f".kpi-table tr.row-{MISSED} td{{background:{BAD}14}}"     # BAD at 8 % opacity
)


def format_value(value: float) -> str:
    """A KPI value for display: 3 decimals below 10, thousands separators above; '—' when missing."""
    if math.isnan(value):   # the KPI has no data in this run
        return "—"
    return f"{value:.3f}" if abs(value) < 10 else f"{value:,.1f}"


# ANSI colours of the verdicts in a terminal (green, bold red); "no data" stays plain.
ANSI_COLOURS = {MET: "\x1b[32m", MISSED: "\x1b[1;31m"}
ANSI_RESET = "\x1b[0m"


def kpi_name(kpi: str, plan: Plan, lang: str = "en") -> str:
    """A KPI's name in ``lang`` and nothing else: the plan's name for a target, else the catalogue's with the
    team or severity it is about (the id only for a KPI no catalogue knows).

    >>> from sim.format.library import find_scenario
    >>> plan = find_scenario("product_defect_surge").plan
    >>> kpi_name("utilisation.frontline", plan, "en"), kpi_name("staff_cost", plan, "zh")
    ('Utilisation: Customer service department', '人力成本')
    """
    spec = plan.kpi_targets.get(kpi)
    if spec is not None and spec.name is not None:
        return spec.name.get(lang)
    base, _, part = kpi.partition(".")
    if f"kpi.{base}" not in STRINGS:
        return kpi                          # a KPI this catalogue does not know: its id is all there is
    name = t(f"kpi.{base}", lang)
    if part:
        domain = "severities" if part in plan.severities else "roles"
        name = t("kpi.of", lang, name=name, of=plan.label(domain, part, lang))
    return name


def kpi_label(kpi: str, plan: Plan, lang: str = "en") -> str:
    """A KPI's name for a reader, in every language: the plan's name for a target, else the catalogue's
    (with the team or severity the KPI is about). The id stays in the files written for tools (kpis.csv).

    >>> from sim.format.library import find_scenario
    >>> plan = find_scenario("product_defect_surge").plan
    >>> kpi_label("utilisation.specialist", plan, "zh"), kpi_label("abandon_rate", plan, "en")
    ('利用率：客诉处理专员', 'Abandoned calls and chats')
    """
    return kpi_name(kpi, plan, lang)


@dataclass(frozen=True)
class KpiRow:
    """One KPI as shown: display texts, and its status (met / missed / no_data, "" without a target)."""
    kpi: str
    label: str
    mean: str
    ci: str
    n: str
    target: str
    status: str


def kpi_rows(summary: pd.DataFrame, plan: Plan, lang: str = "en", only_targets: bool = False) -> list[KpiRow]:
    """The rows of the KPI table (``only_targets``: the KPIs with a target)."""
    rows = []
    for _, r in summary.iterrows():
        has_target = r["direction"] != ""
        if only_targets and not has_target:
            continue
        mean = float(r["mean"])
        interval = r.get("interval", "t" if r["n"] > 1 else "")
        ci = f"[{format_value(r['ci_low'])}, {format_value(r['ci_high'])}]" if interval and not math.isnan(mean) \
            else ""
        cases = float(r.get("cases", math.nan))
        n = f"{cases:,.0f}" if not math.isnan(cases) else f"{int(r['n']):,}"
        target = f"{r['direction']} {r['target']:g}" if has_target else ""
        rows.append(KpiRow(r["kpi"], kpi_label(r["kpi"], plan, lang), format_value(mean), ci, n, target,
                           kpi_status(mean, r["met"], has_target)))
    return rows


def _tally(rows: list[KpiRow]) -> tuple[int, int, int]:
    """Targets met, targets judged (with data), targets without data."""
    met = sum(r.status == MET for r in rows)
    judged = sum(r.status in (MET, MISSED) for r in rows)
    return met, judged, sum(r.status == NO_DATA for r in rows)


def _header(lang: str) -> tuple[str, ...]:
    return tuple(t(k, lang) for k in ("run.col.kpi", "run.col.mean", "run.col.ci", "run.col.n", "run.col.target",
                                      "run.col.status"))


def kpi_table(summary: pd.DataFrame, plan: Plan, lang: str = "en", only_targets: bool = False,
              colour: bool = False) -> tuple[str, int, int]:
    """The KPI summary as aligned text (``colour``: verdicts in ANSI colours, for a terminal). Returns
    (text, targets met, targets judged); a target without data is neither (see :func:`kpi_tally`)."""
    rows = kpi_rows(summary, plan, lang, only_targets)
    lines = [_header(lang)] + [(r.label, r.mean, r.ci, r.n, r.target, t(STATUS_KEYS[r.status], lang)
                                if r.status else "") for r in rows]
    met, judged, _ = _tally(rows)
    text = text_table(lines)
    if colour:      # the verdict ends its line: coloured after alignment, so the escapes take no column
        out = text.splitlines()
        for i, r in enumerate(rows, start=1):
            if r.status in ANSI_COLOURS:
                word = t(STATUS_KEYS[r.status], lang)
                out[i] = f"{out[i][:-len(word)]}{ANSI_COLOURS[r.status]}{word}{ANSI_RESET}"
        text = "\n".join(out)
    return text, met, judged


def kpi_tally(summary: pd.DataFrame, plan: Plan, only_targets: bool = True) -> tuple[int, int, int]:
    """(targets met, targets judged, targets without data) of a summary."""
    return _tally(kpi_rows(summary, plan, "en", only_targets))


def kpi_table_html(summary: pd.DataFrame, plan: Plan, lang: str = "en", only_targets: bool = False) -> str:
    """The KPI summary as a styled HTML table (its CSS included): verdicts in colour, a missed target's row
    tinted, numbers right-aligned."""
    rows = kpi_rows(summary, plan, lang, only_targets)
    head = "".join(f"<th>{escape(h)}</th>" for h in _header(lang))
    body = []
    for r in rows:
        status = (f"<span class='status s-{r.status}'>{escape(t(STATUS_KEYS[r.status], lang))}</span>"
                  if r.status else "")
        cells = (f"<td>{escape(r.label)}</td><td class='num'>{escape(r.mean)}</td>"
                 f"<td class='num'>{escape(r.ci)}</td><td class='num'>{escape(r.n)}</td>"
                 f"<td class='num'>{escape(r.target)}</td><td>{status}</td>")
        body.append(f"<tr class='row-{r.status or 'none'}'>{cells}</tr>")
    return (f"<style>{KPI_TABLE_CSS}</style><table class='kpi-table'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")
