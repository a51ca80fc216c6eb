"""The customers after an incident, week by week, as a figure (``sim run --out``: ``customers.png``).

Two panels over the weeks the plan follows its customers: the weekly churn against the churn with no
incident (the gap is what the incident costs, and its closing is the recovery), and the complainants'
satisfaction against the plan's target. Read from a :class:`~sim.customers.outcomes.CustomerOutcome`'s
weekly table (replication 0 of the run, as the health report).
"""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from sim.i18n import t
from sim.i18n.fonts import plot_language
from sim.reports.theme import BAD, NEUTRAL


def customers_weekly(weekly: pd.DataFrame, satisfaction_target: float | None, lang: str = "en") -> Figure:
    """Weekly churn (against no incident) and complainants' satisfaction (against the target)."""
    lang = plot_language(lang)
    fig = Figure(figsize=(9, 5.5))
    churn, sat = fig.subplots(2, 1, sharex=True)
    churn.plot(weekly["week"], weekly["churn_rate"], color=BAD, label=t("customers.plot.churn", lang))
    churn.plot(weekly["week"], weekly["churn_rate_baseline"], color=NEUTRAL, linestyle="--",
               label=t("customers.plot.churn_baseline", lang))
    churn.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=2))
    churn.set_ylabel(t("customers.plot.churn_axis", lang))
    churn.legend(loc="upper right")
    sat.plot(weekly["week"], weekly["satisfaction_complainants"], color=BAD,
             label=t("customers.plot.satisfaction", lang))
    if satisfaction_target is not None:
        sat.axhline(satisfaction_target, color=NEUTRAL, linestyle="--",
                    label=t("customers.plot.satisfaction_target", lang))
    sat.yaxis.set_major_formatter(PercentFormatter(1.0))
    sat.set_ylabel(t("customers.plot.satisfaction_axis", lang))
    sat.set_xlabel(t("customers.plot.week", lang))
    sat.legend(loc="lower right")
    fig.suptitle(t("customers.plot.title", lang))
    fig.tight_layout()
    return fig


__all__ = ["customers_weekly"]
