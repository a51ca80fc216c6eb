"""Matplotlib figures shared by the CLI, the notebooks and the reports. Each returns a Figure."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.format.vocabulary import SEVERITY_IDS
from sim.i18n import t
from sim.i18n.fonts import plot_language as _fonts


def backlog_and_queues(result, lang: str = "en"):
    """Backlog and queues per team over time, with the plan's activation and triggers marked."""
    lang = _fonts(lang)
    ts = result.timeseries
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 6), sharex=True, constrained_layout=True)
    ax1.plot(ts["time"], ts["backlog"], color="tab:red", label=t("plot.backlog", lang))
    ax1.set_ylabel(t("plot.open_complaints", lang))
    for col in [c for c in ts.columns if c.startswith("queue.")]:
        if ts[col].max() > 0:
            ax2.plot(ts["time"], ts[col], label=col.split(".", 1)[1])
    ax2.set_ylabel(t("plot.waiting", lang))
    ax2.legend(loc="upper right", fontsize=8)
    act = result.activations
    for ax in (ax1, ax2):
        for _, row in act[act.event == "plan_activated"].iterrows():
            ax.axvline(row["time"], color="black", linestyle="--", linewidth=1)
        for _, row in act[act.event == "trigger_held"].iterrows():
            ax.axvline(row["time"], color="tab:orange", linestyle=":", linewidth=1)
    if (act.event == "plan_activated").any():
        ax1.text(act[act.event == "plan_activated"]["time"].iloc[0], ax1.get_ylim()[1] * 0.95,
                 " " + t("plot.activated", lang), va="top", fontsize=8)
    ax1.set_title(result.scenario.title.get(lang))
    ax1.legend(loc="upper left", fontsize=8)
    return fig


def first_response_distribution(result, lang: str = "en"):
    """First-response times per severity (log scale) against each severity's target."""
    lang = _fonts(lang)
    c = result.complaints
    plan = result.scenario.plan
    fig, ax = plt.subplots(figsize=(10, 4), constrained_layout=True)
    colours = {"minor": "tab:green", "moderate": "tab:orange", "major": "tab:red"}
    elapsed = (c["first_response_min"] - c["arrival_min"]).clip(lower=0.1)
    bins = np.logspace(-1, np.log10(max(10.0, float(elapsed.max()) if elapsed.notna().any() else 10.0)), 40)
    for sev in SEVERITY_IDS:
        vals = elapsed[(c["severity"] == sev) & elapsed.notna()]
        if len(vals):
            ax.hist(vals, bins=bins, alpha=0.5, color=colours[sev], label=plan.label("severities", sev, lang))
        ax.axvline(plan.targets.first_response[sev], color=colours[sev], linestyle="--", linewidth=1.5)
    ax.set_xscale("log")
    ax.set_xlabel(t("plot.first_response_min", lang))
    ax.set_ylabel(t("plot.complaints", lang))
    ax.legend(fontsize=8)
    ax.set_title(t("plot.first_response_title", lang))
    return fig


def utilisation(kpis: pd.Series, lang: str = "en"):
    """Utilisation per team (share of on-duty time spent on complaints)."""
    lang = _fonts(lang)
    util = kpis[[k for k in kpis.index if k.startswith("utilisation.")]].dropna()
    fig, ax = plt.subplots(figsize=(8, 3.5), constrained_layout=True)
    names = [k.split(".", 1)[1] for k in util.index]
    ax.barh(names, util.values, color=["tab:red" if v > 0.9 else "tab:blue" for v in util.values])
    ax.axvline(0.85, color="grey", linestyle=":", linewidth=1)
    ax.set_xlim(0, 1)
    ax.set_xlabel(t("plot.utilisation", lang))
    return fig


def first_response_over_time(result, lang: str = "en", every: str = "1h"):
    """Share of first responses on time, per hour of arrival and severity."""
    lang = _fonts(lang)
    c = result.complaints
    plan = result.scenario.plan
    target = c["severity"].astype(str).map(plan.targets.first_response).astype(float)
    on_time = (c["first_response_min"] - c["arrival_min"]) <= target
    frame = pd.DataFrame({"arrival": c["arrival"], "severity": c["severity"].astype(str), "on_time": on_time})
    fig, ax = plt.subplots(figsize=(10, 3.5), constrained_layout=True)
    for sev in SEVERITY_IDS:
        sub = frame[frame.severity == sev].set_index("arrival").on_time.resample(every).mean()
        if len(sub):
            ax.plot(sub.index, sub.values, label=plan.label("severities", sev, lang))
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel(t("plot.on_time_share", lang))
    ax.legend(fontsize=8)
    return fig


def staffing_curve(curve: pd.DataFrame, lang: str = "en", team: str = "frontline", warm=None):
    """Staff vs share on time (and abandoned) for a team: the simulation (mean and CI) with the stationary
    Erlang curve overlaid, the targets dashed and the roster found marked.

    ``curve`` comes from :func:`sim.staffing.staffing_curve`. With ``warm`` (a
    :class:`sim.staffing.WarmStart`), a last panel shows the Erlang staff required per hour against the
    arrivals.
    """
    _fonts(lang)
    kpis = list(dict.fromkeys(curve["kpi"]))
    panels = len(kpis) + (1 if warm is not None else 0)
    fig, axes = plt.subplots(1, panels, figsize=(5.2 * panels, 3.9), constrained_layout=True, squeeze=False)
    deltas = curve["delta"].abs().max() if len(curve) else 0
    for ax, kpi in zip(axes[0], kpis):
        d = curve[curve["kpi"] == kpi].sort_values("staff")
        err = np.vstack([(d["mean"] - d["ci_low"]).clip(lower=0), (d["ci_high"] - d["mean"]).clip(lower=0)])
        ax.errorbar(d["staff"], d["mean"], yerr=np.nan_to_num(err), fmt="o-", capsize=3, color="tab:blue",
                    label=t("staff.plot.simulated", lang))
        if d["erlang"].notna().any():
            ax.plot(d["staff"], d["erlang"], "s--", color="tab:orange", label=t("staff.plot.erlang", lang))
        target = d["target"].dropna()
        if len(target):
            ax.axhline(float(target.iloc[0]), color="grey", linestyle=":", label=t("staff.plot.target", lang))
        here = d[d["delta"] == 0]
        if len(here):
            ax.axvline(float(here["staff"].iloc[0]), color="tab:green", linewidth=1, alpha=0.6,
                       label=t("staff.plot.roster", lang))
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlabel(t("staff.plot.staff", lang, team=team))
        ax.set_ylabel(kpi)
        ax.set_title(kpi, fontsize=10)
        ax.legend(fontsize=7)
    if warm is not None:
        ax = axes[0][-1]
        h = warm.hourly[warm.hourly["team"] == team]
        ax.step(h["time"], h["required"], where="post", color="tab:orange", label=t("staff.plot.required", lang))
        ax.set_ylabel(t("staff.plot.required", lang))
        ax2 = ax.twinx()
        ax2.plot(h["time"], h["arrivals_per_hour"], color="tab:grey", alpha=0.6, label=t("staff.plot.arrivals", lang))
        ax2.set_ylabel(t("staff.plot.arrivals", lang))
        ax.tick_params(axis="x", labelrotation=30, labelsize=7)
        ax.legend(loc="upper left", fontsize=7)
    fig.suptitle(t("staff.plot.title", lang, team=team, spread=int(deltas)))
    return fig
