"""Plots comparing the history with the calibrated fit, one figure per question a planner asks.

* ``arrivals.png`` -- each channel's observed rate per hour of the week against the fitted profile;
* ``service_<team>_<activity>.png`` -- the empirical cumulative distribution of each fitted service time
  against the fitted family's;
* ``patience_<channel>.png`` -- the Kaplan-Meier curve of waiting callers against the fitted patience;
* ``satisfaction.png`` -- the share satisfied by lateness (binned) against the fitted rule;
* ``incident.png`` -- contacts per 30 minutes in the incident window: observed, baseline, fitted surge.

Figures are :class:`matplotlib.figure.Figure` objects (no pyplot state); labels are in the chosen language,
or English where no CJK font is installed (:func:`sim.i18n.fonts.plot_language`).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from scipy import stats

from sim import rules
from sim.history.calibrate import Calibration
from sim.history.fit_customers import case_lateness, waits
from sim.history.fit_distributions import DistFit, kaplan_meier
from sim.history.incident import IncidentFit
from sim.i18n import t
from sim.i18n.fonts import plot_language


def _cdf(fit: DistFit, x: np.ndarray) -> np.ndarray:
    if fit.written == "exponential":
        return stats.expon.cdf(x, scale=fit.mean)
    s2 = np.log1p(fit.cv ** 2)
    return stats.lognorm.cdf(x, np.sqrt(s2), scale=fit.mean / np.exp(s2 / 2))


def arrivals_figure(cal: Calibration, lang: str) -> Figure:
    a = cal.arrivals
    channels = list(a.per_hour)
    fig = Figure(figsize=(11, 2.0 * len(channels) + 0.8))
    axes = np.atleast_1d(fig.subplots(len(channels), 1, sharex=True))
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.08, top=0.94, hspace=0.15)
    how = np.arange(168)
    for ax, ch in zip(axes, channels):
        ax.step(how, a.observed[ch].to_numpy(), where="post", color="tab:blue", label=t("calibrate.plot.data", lang))
        ax.step(how, a.fitted(ch), where="post", color="tab:orange", label=t("calibrate.plot.fit", lang))
        ax.set_ylabel(ch)
        for d in range(1, 7):
            ax.axvline(24 * d, color="grey", linewidth=0.5)
    axes[0].legend(loc="upper right")
    axes[0].set_title(t("calibrate.plot.arrivals", lang))
    axes[-1].set_xlabel(t("calibrate.plot.hour_of_week", lang))
    return fig


def service_figure(cal: Calibration, index: int, lang: str) -> Figure:
    fit = cal.service[index]
    fig = Figure(figsize=(6, 4))
    ax = fig.subplots()
    x = np.sort(fit.values) if fit.values is not None else np.array([])
    if len(x):
        ax.step(x, np.arange(1, len(x) + 1) / len(x), where="post", label=t("calibrate.plot.data", lang))
        grid = np.linspace(0, np.percentile(x, 99), 300)
        ax.plot(grid, _cdf(fit.fit, grid), label=t("calibrate.plot.fit", lang))
        ax.set_xlim(0, grid[-1])
    name = f"{fit.team}.{fit.activity}" + (f" ({fit.category})" if fit.category else "")
    ax.set_title(t("calibrate.plot.service", lang, name=name))
    ax.set_xlabel(t("calibrate.plot.minutes", lang))
    ax.set_ylabel(t("calibrate.plot.cdf", lang))
    ax.legend(loc="lower right")
    return fig


def patience_figure(cal: Calibration, channel: str, lang: str) -> Figure:
    fit = cal.patience[channel]
    rows = cal.table[(cal.table["channel"] == channel).fillna(False)]
    times, events = waits(rows, cal.now)
    km_t, km_s = kaplan_meier(times, events)
    fig = Figure(figsize=(6, 4))
    ax = fig.subplots()
    ax.step(np.r_[0, km_t], np.r_[1, km_s], where="post", label="Kaplan-Meier")
    grid = np.linspace(0, max(float(km_t[-1]) if len(km_t) else 1.0, 1.0), 300)
    ax.plot(grid, 1 - _cdf(fit, grid), label=t("calibrate.plot.fit", lang))
    ax.set_title(t("calibrate.plot.patience", lang, channel=channel))
    ax.set_xlabel(t("calibrate.plot.minutes", lang))
    ax.set_ylabel(t("calibrate.plot.survival", lang))
    ax.legend()
    return fig


def satisfaction_figure(cal: Calibration, lang: str) -> Figure:
    s = cal.satisfaction
    table = cal.table
    late = case_lateness(table, cal.plan)
    said = table["satisfied"]
    m = said.notna().to_numpy() & np.isfinite(late)
    x, y = late[m], said[m].to_numpy(dtype=bool)
    edges = np.array([-1e-9, 1e-9, 0.25, 0.5, 1, 2, 4, np.inf])
    which = np.digitize(x, edges) - 1
    centres = np.array([0, 0.125, 0.375, 0.75, 1.5, 3, 5])
    fig = Figure(figsize=(6, 4))
    ax = fig.subplots()
    shown = [k for k in range(len(centres)) if (which == k).sum() >= 10]
    ax.plot(centres[shown], [y[which == k].mean() for k in shown], "o", label=t("calibrate.plot.data", lang))
    if s is not None:
        from sim.format.customers import SatisfactionModel
        model = SatisfactionModel(**s.as_model())
        grid = np.linspace(0, 6, 200)
        ax.plot(grid, [rules.satisfaction_probability(model, g) for g in grid], label=t("calibrate.plot.fit", lang))
    ax.set_ylim(0, 1.02)
    ax.set_title(t("calibrate.plot.satisfaction", lang))
    ax.set_xlabel(t("calibrate.plot.lateness", lang))
    ax.set_ylabel(t("calibrate.plot.satisfied", lang))
    ax.legend()
    return fig


def incident_figure(inc: IncidentFit, lang: str) -> Figure:
    fig = Figure(figsize=(9, 4))
    ax = fig.subplots()
    hours = (inc.series["minute"] - inc.series["minute"].iloc[0]) / 60.0
    ax.step(hours, inc.series["observed"], where="post", label=t("calibrate.plot.data", lang))
    ax.step(hours, inc.series["baseline"], where="post", color="grey")
    ax.step(hours, inc.series["fitted"], where="post", label=t("calibrate.plot.fit", lang))
    ax.set_title(t("calibrate.plot.incident", lang))
    ax.set_xlabel("h")
    ax.legend()
    return fig


def write_plots(cal: Calibration, folder: str | Path, lang: str = "en", incident: IncidentFit | None = None) -> int:
    """Write every figure to ``folder`` (created); returns how many were written."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    lang = plot_language(lang)
    figures = {"arrivals.png": arrivals_figure(cal, lang)}
    for k, fit in enumerate(cal.service):
        if fit.values is not None:
            figures[f"service_{fit.team}_{fit.activity}{'_' + fit.category if fit.category else ''}.png"] = \
                service_figure(cal, k, lang)
    for ch in cal.patience:
        figures[f"patience_{ch}.png"] = patience_figure(cal, ch, lang)
    if cal.satisfaction is not None:
        figures["satisfaction.png"] = satisfaction_figure(cal, lang)
    if incident is not None:
        figures["incident.png"] = incident_figure(incident, lang)
    for name, fig in figures.items():      # fixed margins: a layout engine would triple the drawing time
        if len(fig.axes) == 1:
            fig.subplots_adjust(left=0.13, right=0.97, bottom=0.13, top=0.9)
        fig.savefig(out / name, dpi=100)
    return len(figures)
