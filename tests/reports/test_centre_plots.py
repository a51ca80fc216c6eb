"""The centre plots as a slide needs them (sim.reports.centre_plots): a title on every panel, legends beside
the data (their drawn boxes checked against the panels'), labelled target and activation lines, nothing
drawn where there is no data, and Chinese labels with no English and no ids.

One flagship run and one analytic warm start are shared; the curve and the histogram's edge cases are
built by hand, so the expected counts are known.
"""
import math
import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

import sim.reports.centre_plots as plots
from sim.i18n.columns import display_width
from sim.reports.centre_plots import duration_text, wrap_label
from sim.simulation.replication import simulate
from sim.staffing import warm_start


@pytest.fixture(scope="module")
def run(flagship):
    return simulate(flagship, seed=flagship.seed, replication=0)


@pytest.fixture(scope="module")
def warm(flagship):
    return warm_start(flagship)


@pytest.fixture()
def chinese(monkeypatch):
    """Chinese labels even on a machine without a CJK font (plot_language would fall back to English):
    these tests read the labels, they do not look at the glyphs."""
    monkeypatch.setattr(plots, "_fonts", lambda lang: lang)
    return "zh"


def _curve(target_kpi="abandon_rate"):
    """A staffing curve as sim.staffing.staffing_curve returns it, by hand: 7 points, two KPIs."""
    rows = []
    for d in range(-3, 4):
        staff = 10.0 + d
        rows.append({"delta": d, "staff": staff, "kpi": "first_response_on_time", "mean": 1.0, "ci_low": 1.0,
                     "ci_high": 1.0, "erlang": 1.0, "target": math.nan, "direction": ""})
        ab = 0.02 * (4 - d)
        rows.append({"delta": d, "staff": staff, "kpi": target_kpi, "mean": ab, "ci_low": ab - 0.01,
                     "ci_high": ab + 0.01, "erlang": ab * 0.9, "target": 0.1, "direction": "<="})
    return pd.DataFrame(rows)


def _figures(run, warm, flagship, lang):
    return {"backlog": plots.backlog_and_queues(run, lang),
            "first_response": plots.first_response_distribution(run, lang),
            "utilisation": plots.utilisation(run.kpis, lang, plan=flagship.plan),
            "over_time": plots.first_response_over_time(run, lang),
            "curve": plots.staffing_curve(_curve(), lang, warm=warm, scenario=flagship),
            "need": plots.staffing_need(warm, flagship, lang=lang)}


def _draw(fig):
    FigureCanvasAgg(fig).draw()
    return fig.canvas.get_renderer()


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def _legends(fig):
    return [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None] + list(fig.legends)


def _legend_texts(fig) -> list[str]:
    return [x.get_text().replace("\n", " ") for leg in _legends(fig) for x in leg.get_texts()]


def _data_axes(fig):
    """The panels (a twin axis, drawn over its panel with an invisible background, is not one)."""
    return [ax for ax in fig.axes if ax.patch.get_visible()]


def test_every_panel_has_a_title_and_every_legend_sits_beside_the_data(run, warm, flagship):
    for name, fig in _figures(run, warm, flagship, "en").items():
        renderer = _draw(fig)
        assert all(ax.get_title() for ax in _data_axes(fig)), name
        legends = _legends(fig)
        assert legends, name
        for leg in legends:
            box = leg.get_window_extent(renderer)
            for ax in fig.axes:
                assert not _overlap(box, ax.get_window_extent(renderer)), (name, ax.get_title())
            assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= fig.bbox.x1 and box.y1 <= fig.bbox.y1, name


def test_legend_overlap_check_can_fail(run):
    """The check above catches a legend drawn on the data (the old placement)."""
    fig = plots.first_response_over_time(run, "en")
    fig.axes[0].legend(loc="center")
    renderer = _draw(fig)
    assert _overlap(fig.axes[0].get_legend().get_window_extent(renderer), fig.axes[0].get_window_extent(renderer))


def test_targets_and_the_activation_are_labelled_in_the_legends(run, warm, flagship):
    plan = flagship.plan
    figs = _figures(run, warm, flagship, "en")
    fr = _legend_texts(figs["first_response"])
    for sev in ("minor", "moderate", "major"):
        name = plan.label("severities", sev, "en")
        assert f"{name} target: {duration_text(plan.targets.first_response[sev], 'en')}" in fr
    over = _legend_texts(figs["over_time"])
    assert "Major target ≥ 95%" in over and "plan activated" in over      # plan: at_least 0.95
    backlog = _legend_texts(figs["backlog"])
    assert "plan activated" in backlog and any(x.startswith("trigger held: ") for x in backlog)
    assert "85%: waits grow quickly beyond this" in _legend_texts(figs["utilisation"])
    assert "the plan's target" in _legend_texts(figs["curve"])
    # Each labelled line is drawn where its label says.
    major = [ln for ln in figs["first_response"].axes[0].lines if ln.get_label().startswith("Major target")]
    assert major[0].get_xdata()[0] == plan.targets.first_response["major"]


def _case(rows):
    cols = ["severity", "wait", "deflected", "outcome"]
    c = pd.DataFrame(rows, columns=cols)
    c["arrival_min"] = 100.0
    c["first_response_min"] = c["arrival_min"] + c["wait"]
    return c.drop(columns="wait")


def test_answered_at_once_is_counted_not_drawn_at_a_floor(flagship):
    """0 minutes cannot sit on a log axis: the old plot clipped it to 0.1 min, a false spike there."""
    c = _case([("minor", 0.0, False, "resolved")] * 5 + [("minor", 5.0, False, "resolved")] * 3
              + [("minor", 30.0, False, "resolved")] * 2 + [("moderate", 0.5, False, "resolved")] * 2
              + [("minor", 0.0, True, "resolved"), ("major", math.nan, False, "abandoned"),
                 ("major", math.nan, False, "open")])
    result = SimpleNamespace(complaints=c, scenario=flagship)
    fig = plots.first_response_distribution(result, "en")
    ax = fig.axes[0]
    bars = {b[0].get_label().split(":")[0]: b for b in ax.containers}   # (the label is on the first bar)
    heights = {sev: [p.get_height() for p in b] for sev, b in bars.items()}
    assert sum(heights["Minor"]) == 5 and sum(heights["Moderate"]) == 2 and sum(heights["Major"]) == 0
    edges = [p.get_x() for p in bars["Minor"]]
    at_floor = next(i for i, x in enumerate(edges) if x <= 0.1 < x + bars["Minor"][i].get_width())
    assert all(h[at_floor] == 0 for h in heights.values())         # nothing where nothing happened
    five = next(i for i, x in enumerate(edges) if x <= 5.0 < x + bars["Minor"][i].get_width())
    assert heights["Minor"][five] == 3
    texts = _legend_texts(fig)
    assert "Minor: 5 waited; 5 more answered at once (0 min)" in texts
    assert "Moderate: 2 waited; 0 more answered at once (0 min)" in texts
    assert any("1 self-service, 1 abandoned, 1 never answered" in x for x in texts)


def test_the_hourly_panel_shows_the_need_before_reserves_and_the_reserves(warm, flagship):
    h = warm.hourly[warm.hourly["team"] == "frontline"]
    assert ((h["required"] == 0) & (h["required_total"] > 0)).any()   # the flagship's peak: reserves cover it
    fig = plots.staffing_need(warm, flagship, lang="en")
    need = [ln for ln in fig.axes[0].lines if ln.get_label() == "Erlang staff needed (reserves not subtracted)"]
    assert list(need[0].get_ydata()) == list(h["required_total"])      # never the 0 left after reserves
    labels = _legend_texts(fig)
    assert "rostered on duty" in labels and "reserves and on-call (after the plan's activation)" in labels


def test_utilisation_marks_teams_above_the_line(flagship):
    kpis = pd.Series({"utilisation.frontline": 0.5, "utilisation.specialist": 0.9, "utilisation.logistics": 0.85,
                      "arrived": 10.0})
    fig = plots.utilisation(kpis, "en", plan=flagship.plan)
    bars = fig.axes[0].patches
    red = [p.get_width() for p in bars if p.get_facecolor()[:3] == pytest.approx((198 / 255, 40 / 255, 40 / 255))]
    assert red == [0.9]                                                  # 0.85 is at the line, not above
    names = [x.get_text().replace("\n", " ") for x in fig.axes[0].get_yticklabels()]
    assert names == [flagship.plan.label("roles", t, "en") for t in ("frontline", "specialist", "logistics")]


def _latin(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z_]{3,}", text))


def test_chinese_labels_have_no_english_and_no_ids(run, warm, flagship, chinese):
    plan = flagship.plan
    ids = set(flagship.staffing) | {"minor", "moderate", "major"} | set(plan.kpi_targets) | {
        "first_response_on_time", "abandon_rate"}
    for name, fig in _figures(run, warm, flagship, chinese).items():
        texts = [x.get_text() for x in fig.findobj(Text)]
        words = _latin(" ".join(texts)) - {"Erlang"}
        assert not words, (name, words)
        assert not ids & set(re.findall(r"[A-Za-z_.]+", " ".join(texts))), name
        assert any(re.search("[\u4e00-\u9fff]", x) for x in texts), name


@pytest.mark.parametrize("minutes, text", [(45, "45 min"), (60, "1 h"), (90, "90 min"), (240, "4 h"),
                                           (1440, "24 h"), (2880, "2 days"), (3000, "50 h"), (0.5, "0.5 min")])
def test_duration_text_takes_the_largest_whole_unit(minutes, text):
    assert duration_text(minutes, "en") == text


def test_wrap_label_keeps_lines_within_the_width_in_both_scripts():
    en = wrap_label("trigger held: Sudden surge in complaints about a major quality or service problem", 30)
    zh = wrap_label("启动条件成立：投诉量突然激增，涉及重大产品质量或服务问题", 20)
    assert [display_width(x) <= 30 for x in en.split("\n")] == [True] * 3 and "about a" in en.replace("\n", " ")
    assert all(display_width(x) <= 20 for x in zh.split("\n")) and zh.replace("\n", "") == \
        "启动条件成立：投诉量突然激增，涉及重大产品质量或服务问题"
    assert wrap_label("short", 30) == "short" and wrap_label("a\nb", 30) == "a\nb"


def test_share_limits_never_blow_up_a_flat_line():
    lo, hi = plots._share_limits(pd.Series([1.0, 1.0, np.nan]))
    assert hi - lo >= 0.1 and lo <= 1.0 <= hi <= 1.02
    lo, hi = plots._share_limits(pd.Series([0.02, 0.1]))
    assert -0.02 <= lo < 0.02 and 0.1 < hi < 0.2
