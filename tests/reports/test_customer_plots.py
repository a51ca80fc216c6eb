"""customers.png: weekly churn against no incident, complainants' satisfaction against the target, in both
languages (labels in Chinese only with a CJK font, as every plot)."""
import pandas as pd

from sim.i18n.fonts import plot_language
from sim.reports.customer_plots import customers_weekly

WEEKLY = pd.DataFrame({"week": [0, 1, 2], "customers": [100.0, 99.0, 98.5], "churn_rate": [0.02, 0.01, 0.006],
                       "churn_rate_baseline": [0.006, 0.006, 0.006], "satisfaction_complainants": [0.5, 0.7, 0.9]})


def test_the_panels_draw_the_weekly_table_and_the_target():
    fig = customers_weekly(WEEKLY, 0.85, "en")
    churn, sat = fig.axes
    lines = {ln.get_label(): list(ln.get_ydata()) for ln in churn.get_lines()}
    assert lines == {"weekly churn": [0.02, 0.01, 0.006], "with no incident": [0.006] * 3}
    sat_lines = {ln.get_label(): list(ln.get_ydata()) for ln in sat.get_lines()}
    assert sat_lines["complainants' satisfaction"] == [0.5, 0.7, 0.9] and sat_lines["the plan's target"] == [0.85] * 2
    assert list(churn.get_lines()[0].get_xdata()) == [0, 1, 2]
    assert len(customers_weekly(WEEKLY, None, "en").axes[1].get_lines()) == 1       # no target, no line


def test_chinese_labels_when_a_cjk_font_is_there():
    fig = customers_weekly(WEEKLY, 0.85, "zh")
    labels = [ln.get_label() for ln in fig.axes[0].get_lines()]
    assert labels == (["每周流失率", "无事件时"] if plot_language("zh") == "zh" else ["weekly churn", "with no incident"])
