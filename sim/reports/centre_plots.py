"""The complaint centre as figures for a management slide: backlog and queues, first response against the
plan's targets, utilisation, and the staffing curve. Each function returns a matplotlib ``Figure``.

Rules every figure here keeps, because a slide is read without its speaker:

* every panel has a title, and every line a reader must compare against (a target, the plan's activation,
  a trigger) has an entry in the legend saying what it is and its value;
* legends sit outside the data area (beside the panel, or below a multi-panel figure), never on it;
* names are the plan's own (``plan.label``), in the language asked for; ids appear only in English.
  Chinese needs a CJK font: without one, labels fall back to English (:func:`sim.i18n.fonts.plot_language`);
* nothing is drawn at a value it does not have: a first response at 0 minutes (answered at once) cannot sit
  on a log axis, so it is counted in the legend, not clipped to a made-up floor.

Figures are built with ``matplotlib.figure.Figure``, not pyplot: no global figure list, so the planner app
can draw in a background thread and a notebook does not show a figure twice.
"""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
from matplotlib.dates import DateFormatter
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from sim.format.vocabulary import SEVERITY_IDS
from sim.i18n import STRINGS, t
from sim.i18n.columns import display_width
from sim.i18n.fonts import plot_language as _fonts
from sim.reports.theme import BAD, NEUTRAL

SEVERITY_COLOURS = {"minor": "tab:green", "moderate": "tab:orange", "major": "tab:red"}
# Utilisation beyond which waits grow quickly (queueing rule of thumb, not a plan target).
HIGH_UTILISATION = 0.85
ACTIVATION_STYLE = {"color": "black", "linestyle": "--", "linewidth": 1.2}
TRIGGER_STYLE = {"color": "tab:purple", "linestyle": ":", "linewidth": 1.2}
_LEGEND_WIDTH = 46                              # columns per legend line (a Chinese character takes two)
_TIME_FORMAT = DateFormatter("%m-%d\n%H:%M")   # digits only: the same in both languages


def _figure(width: float, height: float, rows: int = 1, cols: int = 1, **kw):
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.subplots(rows, cols, **kw)


def legend_beside(ax, handles=None, labels=None):
    """The panel's legend outside it, to the right (constrained layout makes room for it); long labels are
    wrapped so that the legend does not squeeze the panel."""
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    labels = [wrap_label(text) for text in labels]
    return ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, fontsize=8)


def wrap_label(text: str, width: int = _LEGEND_WIDTH) -> str:
    """``text`` in lines of at most ``width`` columns (a Chinese character takes two), kept line breaks kept."""
    lines: list[str] = []
    for part in text.split("\n"):
        line = ""
        for word in re.findall(r"[^\s\u3000-\u9fff\uff00-\uffef]+\s*|[\u3000-\u9fff\uff00-\uffef]\s*|\s+", part):
            if line.strip() and display_width(line + word.rstrip()) > width:
                lines.append(line.rstrip())
                line = word.lstrip()
            else:
                line += word
        lines.append(line.rstrip())
    return "\n".join(lines)


def duration_text(minutes: float, lang: str) -> str:
    """A target duration in the largest whole unit: 60 -> '1 h', 1440 -> '24 h', 7200 -> '5 d'."""
    if minutes >= 2 * 1440 and minutes % 1440 == 0:
        return t("centre.plot.days", lang, n=minutes / 1440)
    if minutes >= 60 and minutes % 60 == 0:
        return t("centre.plot.hours", lang, n=minutes / 60)
    return t("centre.plot.minutes", lang, n=round(minutes, 1))


def target_bound(spec) -> tuple[str, float]:
    """A plan KPI target as (sign, value): at_least 0.95 -> ('≥', 0.95)."""
    return ("≥", float(spec.at_least)) if spec.at_least is not None else ("≤", float(spec.at_most))


def _counted(result) -> pd.DataFrame:
    """The complaints the KPIs count: those arriving after the warm-up."""
    c = result.complaints
    return c[c["arrival_min"] >= result.scenario.warm_up]


def _mark_plan(ax, result, lang: str, triggers: bool = True) -> None:
    """Vertical lines at the plan's activation (and at each trigger first held), each in the legend once."""
    act = result.activations
    plan = result.scenario.plan
    for i, when in enumerate(act.loc[act.event == "plan_activated", "time"]):
        ax.axvline(when, **ACTIVATION_STYLE, label=t("plot.activated", lang) if i == 0 else None)
    if not triggers:
        return
    held = act[act.event == "trigger_held"].drop_duplicates("detail")
    for when, trigger in zip(held["time"], held["detail"]):
        ax.axvline(when, **TRIGGER_STYLE, alpha=0.8,
                   label=t("centre.plot.trigger_held", lang, trigger=plan.label("triggers", trigger, lang)))


def _time_axis(ax, lang: str) -> None:
    ax.xaxis.set_major_formatter(_TIME_FORMAT)
    ax.tick_params(axis="x", labelsize=8)
    ax.set_xlabel(t("centre.plot.time", lang))  # (the formatter puts the hour under the day)


def backlog_and_queues(result, lang: str = "en"):
    """Open complaints, and complaints waiting per team, over time; the plan's activation and triggers marked."""
    lang = _fonts(lang)
    ts, plan = result.timeseries, result.scenario.plan
    fig, (ax1, ax2) = _figure(11, 6.5, 2, 1, sharex=True)
    ax1.plot(ts["time"], ts["backlog"], color=BAD, label=t("plot.backlog", lang))
    _mark_plan(ax1, result, lang)
    ax1.set_ylabel(t("plot.open_complaints", lang))
    ax1.set_title(t("centre.plot.backlog_title", lang), fontsize=10)
    for col in [c for c in ts.columns if c.startswith("queue.")]:
        if ts[col].max() > 0:
            ax2.plot(ts["time"], ts[col], label=plan.label("roles", col.split(".", 1)[1], lang))
    _mark_plan(ax2, result, lang, triggers=False)
    ax2.set_ylabel(t("plot.waiting", lang))
    ax2.set_title(t("centre.plot.queues_title", lang), fontsize=10)
    _time_axis(ax2, lang)
    for ax in (ax1, ax2):
        ax.set_ylim(bottom=0)
        legend_beside(ax)
    fig.suptitle(result.scenario.title.get(lang))
    return fig


def first_response_distribution(result, lang: str = "en"):
    """Minutes from arrival to first response per severity (log scale) against each severity's target.

    Complaints answered at once (0 minutes: a free agent took the call or chat) cannot be drawn on a log
    axis; each severity's legend entry counts them. Abandoned contacts, self-service and complaints never
    answered have no first response by staff: a legend line counts them, nothing is drawn for them.
    """
    lang = _fonts(lang)
    c = _counted(result)
    plan = result.scenario.plan
    fig, ax = _figure(11, 4.2)
    elapsed = c["first_response_min"] - c["arrival_min"]
    by_staff = elapsed.notna() & ~c["deflected"].astype(bool)
    waited = by_staff & (elapsed > 0)
    positive = elapsed[waited]
    targets = [float(plan.targets.first_response[s]) for s in SEVERITY_IDS]
    low = 10.0 ** math.floor(math.log10(positive.min())) if len(positive) else 0.1
    high = max([10.0, *targets] + ([float(positive.max())] if len(positive) else []))
    bins = np.logspace(math.log10(low), math.log10(high * 1.3), 40)
    for sev, target in zip(SEVERITY_IDS, targets):
        mine = c["severity"].astype(str) == sev
        name = plan.label("severities", sev, lang)
        label = t("centre.plot.fr_counts", lang, severity=name, waited=int((waited & mine).sum()),
                  at_once=int((by_staff & mine & (elapsed == 0)).sum()))
        ax.hist(positive[mine[waited]], bins=bins, alpha=0.45, color=SEVERITY_COLOURS[sev], edgecolor="white",
                linewidth=0.3, label=label)
        ax.axvline(target, color=SEVERITY_COLOURS[sev], linestyle="--", linewidth=1.5,
                   label=t("centre.plot.time_target", lang, severity=name, limit=duration_text(target, lang)))
    abandoned = int((c["outcome"].astype(str) == "abandoned").sum())
    unanswered = int((elapsed.isna() & (c["outcome"].astype(str) != "abandoned")).sum())
    handles, labels = ax.get_legend_handles_labels()
    note = t("centre.plot.fr_not_shown", lang, deflected=int(c["deflected"].astype(bool).sum()),
             abandoned=abandoned, unanswered=unanswered)
    legend_beside(ax, handles=[*handles, Line2D([], [], linestyle="none")], labels=[*labels, note])
    ax.set_xscale("log")
    ax.set_xlim(low, high * 1.3)
    ax.set_xlabel(t("centre.plot.fr_minutes", lang))
    ax.set_ylabel(t("plot.complaints", lang))
    ax.set_title(t("plot.first_response_title", lang))
    return fig


def utilisation(kpis: pd.Series, lang: str = "en", *, plan):
    """Utilisation per team (share of on-duty time spent on complaints) against the rule-of-thumb ceiling;
    ``plan`` names the teams."""
    lang = _fonts(lang)
    util = kpis[[k for k in kpis.index if k.startswith("utilisation.")]].dropna()
    fig, ax = _figure(10, 0.5 * max(len(util), 3) + 1.4)
    teams = [k.split(".", 1)[1] for k in util.index]
    names = [wrap_label(plan.label("roles", team, lang), 26) for team in teams]
    high = util.to_numpy() > HIGH_UTILISATION
    ax.barh(names, util.to_numpy(), color=[BAD if h else "tab:blue" for h in high])
    ax.axvline(HIGH_UTILISATION, color="grey", linestyle=":", linewidth=1.5)
    handles = [Line2D([], [], color="grey", linestyle=":", linewidth=1.5),
               Patch(color="tab:blue"), Patch(color=BAD)]
    labels = [t("centre.plot.util_line", lang, share=HIGH_UTILISATION),
              t("centre.plot.util_ok", lang, share=HIGH_UTILISATION),
              t("centre.plot.util_high", lang, share=HIGH_UTILISATION)]
    legend_beside(ax, handles=handles, labels=labels)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(t("plot.utilisation", lang))
    ax.set_title(t("centre.plot.util_title", lang))
    return fig


def first_response_over_time(result, lang: str = "en", every: str = "1h"):
    """Share of first responses on time per hour of arrival and severity, with each severity's KPI target.

    Like the KPI, abandoned contacts are left out; a complaint with no first response by the end of the
    records counts as late.
    """
    lang = _fonts(lang)
    c = _counted(result)
    c = c[c["outcome"].astype(str) != "abandoned"]
    plan = result.scenario.plan
    target = c["severity"].astype(str).map(plan.targets.first_response).astype(float)
    on_time = (c["first_response_min"] - c["arrival_min"]) <= target
    frame = pd.DataFrame({"arrival": c["arrival"], "severity": c["severity"].astype(str), "on_time": on_time})
    fig, ax = _figure(11, 4)
    for sev in SEVERITY_IDS:
        name = plan.label("severities", sev, lang)
        sub = frame[frame.severity == sev].set_index("arrival").on_time.resample(every).mean()
        if len(sub):
            ax.plot(sub.index, sub.to_numpy(), color=SEVERITY_COLOURS[sev], marker=".", markersize=3,
                    linewidth=1.2, label=name)
        spec = plan.kpi_targets.get(f"first_response_on_time.{sev}")
        if spec is not None:
            sign, value = target_bound(spec)
            ax.axhline(value, color=SEVERITY_COLOURS[sev], linestyle="--", linewidth=1, alpha=0.8,
                       label=t("centre.plot.share_target", lang, severity=name, sign=sign, share=value))
    _mark_plan(ax, result, lang, triggers=False)
    ax.set_ylim(-0.02, 1.02)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylabel(t("plot.on_time_share", lang))
    _time_axis(ax, lang)
    ax.set_title(t("centre.plot.over_time_title", lang))
    legend_beside(ax)
    return fig


def kpi_name(kpi: str, plan, lang: str) -> str:
    """A KPI's name for a title: the plan's, else the kit's catalogue's (``kpi.*``, with the severity or team
    by the plan's name); a KPI neither knows keeps its id (in English only: it is all there is)."""
    spec = plan.kpi_targets.get(kpi)
    if spec is not None and spec.name is not None:
        return spec.name.get(lang)
    base, _, part = kpi.partition(".")
    if f"kpi.{base}" not in STRINGS:
        return kpi
    name = t(f"kpi.{base}", lang)
    if part:
        domain = "severities" if part in plan.severities else "roles"
        name = t("kpi.of", lang, name=name, of=plan.label(domain, part, lang))
    return name


def staffing_curve(curve: pd.DataFrame, lang: str = "en", team: str = "frontline", warm=None, *, scenario,
                   roster=None):
    """Staff vs KPI for a team: the simulation (mean and CI) with the stationary Erlang curve overlaid, the
    plan's target and the roster examined marked; one panel per KPI, one legend below them all.

    ``curve`` comes from :func:`sim.staffing.staffing_curve` for ``scenario``. With ``warm`` (a
    :class:`sim.staffing.WarmStart`), a last panel shows per hour what the Erlang models say the team needs
    (before reserves) against who is on duty: the rostered staff of ``roster`` (default: the warm start's)
    and, stacked on them, the reserves and on-call members the plan's activation brings. (The warm start's
    own ``required`` column is the need *less* those reserves, which is why it drops to 0 at a peak.)
    """
    lang = _fonts(lang)
    plan = scenario.plan
    team_name = plan.label("roles", team, lang)
    kpis = list(dict.fromkeys(curve["kpi"]))
    panels = len(kpis) + (1 if warm is not None else 0)
    fig, axes = _figure(5.0 * panels, 4.4, 1, panels, squeeze=False)
    spread = int(curve["delta"].abs().max()) if len(curve) else 0
    for ax, kpi in zip(axes[0], kpis):
        _curve_panel(ax, curve[curve["kpi"] == kpi].sort_values("staff"), kpi_name(kpi, plan, lang), team_name,
                     lang)
    if warm is not None:
        _hourly_panel(axes[0][-1], warm, scenario, team, roster, team_name, lang)
    handles: dict[str, object] = {}
    for ax in fig.axes:      # (the twin axis of the hourly panel included)
        for handle, label in zip(*ax.get_legend_handles_labels()):
            handles.setdefault(label, handle)
    fig.legend(handles.values(), handles.keys(), loc="outside lower center", ncols=min(4, len(handles)),
               fontsize=8)
    fig.suptitle(t("centre.plot.curve_title", lang, team=team_name, spread=spread))
    return fig


def _curve_panel(ax, d: pd.DataFrame, name: str, team_name: str, lang: str) -> None:
    err = np.vstack([(d["mean"] - d["ci_low"]).clip(lower=0), (d["ci_high"] - d["mean"]).clip(lower=0)])
    ax.errorbar(d["staff"], d["mean"], yerr=np.nan_to_num(err), fmt="o-", capsize=3, color="tab:blue",
                label=t("staff.plot.simulated", lang))
    if d["erlang"].notna().any():
        ax.plot(d["staff"], d["erlang"], "s--", color="tab:orange", label=t("staff.plot.erlang", lang))
    target = d["target"].dropna()
    if len(target):
        sign = "≥" if d["direction"].iloc[0] == ">=" else "≤"
        ax.axhline(float(target.iloc[0]), color=NEUTRAL, linestyle=":", linewidth=1.5,
                   label=t("centre.plot.curve_target", lang))
        ax.annotate(f"{sign} {float(target.iloc[0]):.0%}", (1.0, float(target.iloc[0])),
                    xycoords=("axes fraction", "data"), ha="right", va="bottom", fontsize=8, color="dimgrey")
    here = d[d["delta"] == 0]
    if len(here):
        ax.axvline(float(here["staff"].iloc[0]), color="tab:green", linewidth=1.5, alpha=0.6,
                   label=t("centre.plot.roster", lang))
    ax.set_ylim(*_share_limits(pd.concat([d["mean"], d["ci_low"], d["ci_high"], d["erlang"], target])))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(t("staff.plot.staff", lang, team=team_name))
    ax.set_ylabel(name)
    ax.set_title(name, fontsize=10)


def staffing_need(warm, scenario, team: str = "frontline", roster=None, lang: str = "en"):
    """The analytic warm start per hour (nothing simulated): the staff the Erlang models say ``team`` needs,
    against the rostered staff of ``roster`` (default: the warm start's) and the reserves and on-call
    members the plan's activation brings, with the contacts per hour behind."""
    lang = _fonts(lang)
    team_name = scenario.plan.label("roles", team, lang)
    fig, ax = _figure(11, 4.2)
    _hourly_panel(ax, warm, scenario, team, roster, team_name, lang)
    handles, labels = [], []
    for a in fig.axes:
        h, lab = a.get_legend_handles_labels()
        handles += h
        labels += lab
    # Beside the figure, not the panel: the panel's right side holds the contacts' axis.
    fig.legend(handles, labels, loc="outside right upper", fontsize=8)
    ax.set_title(t("centre.plot.hourly_title", lang, team=team_name))
    return fig


def _share_limits(values: pd.Series, least: float = 0.1) -> tuple[float, float]:
    """Y limits for shares: the values with a margin, at least ``least`` wide (a flat 100 % line is not
    blown up into noise), never beyond [0, 1] by more than a hair."""
    values = values.dropna()
    low, high = (float(values.min()), float(values.max())) if len(values) else (0.0, 1.0)
    pad = 0.1 * max(high - low, least)
    lo = max(-0.02, min(low - pad, high - least))
    return lo, min(1.02, max(high + pad, lo + least))


def _hourly_panel(ax, warm, scenario, team: str, roster, team_name: str, lang: str) -> None:
    h = warm.hourly[warm.hourly["team"] == team].sort_values("hour")
    hours = h["hour"].to_numpy()
    # Imported here: the staffing package brings SciPy (Erlang), which `sim run --out` has no use for.
    from sim.staffing.roster import shift_coverage
    counts = (roster or warm.roster)[team]
    rostered = (np.asarray(counts, dtype=float) @ shift_coverage(scenario, team, warm.workload.hours))[hours]
    reserve = warm.workload.extra.get(team, np.zeros(warm.workload.hours))[hours]
    times = h["time"]
    ax.fill_between(times, 0, rostered, step="post", color="tab:blue", alpha=0.3,
                    label=t("centre.plot.rostered", lang))
    ax.fill_between(times, rostered, rostered + reserve, step="post", color="tab:green", alpha=0.35,
                    label=t("centre.plot.reserve", lang))
    ax.step(times, h["required_total"], where="post", color="tab:orange", linewidth=2,
            label=t("centre.plot.required_total", lang))
    ax.set_ylim(bottom=0)
    ax.set_ylabel(t("centre.plot.staff", lang))
    twin = ax.twinx()
    twin.plot(times, h["arrivals_per_hour"], color="tab:grey", alpha=0.7, linewidth=1,
              label=t("staff.plot.arrivals", lang))
    twin.set_ylim(bottom=0)
    twin.set_ylabel(t("staff.plot.arrivals", lang))
    ax.xaxis.set_major_formatter(_TIME_FORMAT)
    ax.tick_params(axis="x", labelsize=7)
    ax.set_title(t("centre.plot.hourly_title", lang, team=team_name), fontsize=10)
