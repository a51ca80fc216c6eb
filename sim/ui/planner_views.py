"""What the planner app shows: the search's progress line, the roster found as a table, figures as PNG.

Kept apart from the widgets (:mod:`sim.ui.planner`) so that they can be read and tested on their own: both
speak the plan's language (team and KPI names, never ids in Chinese).

    >>> search_progress_text({"stage": "descend", "evaluated": 12}, 48000.0, "en")
    'Taking staff off while the targets hold · 12 roster(s) evaluated · cheapest meeting the targets so far: 48,000'
"""
from __future__ import annotations

import html
import io

import pandas as pd
from IPython.display import Image

from sim.i18n import STRINGS, t
from sim.reports.kpi_table import KPI_TABLE_CSS, kpi_label
from sim.staffing.candidates import STAGES
from sim.staffing.result import binds_text as result_binds_text

# The search's stages in the order find_staffing goes through them (sim.staffing.search), for the bar.
SEARCH_STAGES = tuple(dict.fromkeys(STAGES.values()))


def stage_index(stage: str) -> int:
    """Where a stage sits in SEARCH_STAGES (-1 for one this UI does not know)."""
    return SEARCH_STAGES.index(stage) if stage in SEARCH_STAGES else -1


def search_progress_text(info: dict, best: float | None, lang: str) -> str:
    """One line of search progress: stage (in words), rosters evaluated, the cheapest roster meeting the
    targets so far."""
    key = f"ui.stage.{info.get('stage', '')}"
    stage = t(key, lang) if key in STRINGS else t("ui.stage.other", lang)
    if best is None:
        return t("ui.search_progress_none", lang, stage=stage, evaluated=int(info.get("evaluated", 0)))
    return t("ui.search_progress", lang, stage=stage, evaluated=int(info.get("evaluated", 0)), best=best)


def roster_html(roster: pd.DataFrame, plan, lang: str) -> str:
    """A search's roster as a table in the plan's words, styled as the KPI table beside it: team, shift,
    headcount, paid hours, cost, the Erlang warm start, the scenario's own headcount and what holds the
    headcount (a target, the floor of a shift with work, or a team not searched), with the line explaining
    that column."""
    cols = [c for c in ("team", "shift", "headcount", "hours", "cost", "warm_start", "scenario", "binds")
            if c in roster]
    head = "".join(f"<th>{html.escape(t(f'staff.col.{_COLUMN_KEYS.get(c, c)}', lang))}</th>" for c in cols)
    body = []
    for r in roster.to_dict("records"):
        cells = {"team": plan.label("roles", r["team"], lang), "shift": r["shift"],
                 "binds": binds_text(r.get("binds", ""), plan, lang)}
        row = "".join(f"<td>{html.escape(str(cells[c]))}</td>" if c in cells
                      else f"<td class='num'>{float(r[c]):,.0f}</td>" for c in cols)
        body.append(f"<tr>{row}</tr>")
    note = f"<p style='font-size:12px'>{html.escape(t('staff.binds.legend', lang))}</p>" if "binds" in cols else ""
    return (f"<style>{KPI_TABLE_CSS}</style><table class='kpi-table'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>{note}")


_COLUMN_KEYS = {"warm_start": "warm"}   # roster column -> its staff.col.* heading


def binds_text(binds: str, plan, lang: str) -> str:
    """What holds a shift's headcount, in the plan's words."""
    return result_binds_text(binds, lang, lambda kpi: kpi_label(kpi, plan, lang))


def show_figures(output, figures) -> None:
    """Figures as PNG into an ipywidgets Output (from any thread, and without a notebook's pyplot)."""
    output.outputs = ()            # (clear_output() would also write terminal escapes outside a kernel)
    for fig in figures:
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=90)
        output.append_display_data(Image(data=buf.getvalue(), format="png"))
