"""The KPI table: met / MISSED / no data (never MISSED without data), coloured in HTML, aligned in a
terminal, in English and in Chinese without internal ids; hand-built summaries with known verdicts."""
import math
import re
from html import unescape

import pandas as pd
import pytest

from sim.i18n.columns import display_width
from sim.i18n.script import HAN_CHAR
from sim.reports.kpi_table import kpi_label, kpi_rows, kpi_table, kpi_table_html, kpi_tally
from sim.reports.theme import BAD, MUTED, OK
from sim.simulation.metrics import count_key, summarise


@pytest.fixture(scope="module")
def summary(plan):
    # abandon_rate <= 0.10 met (2 runs, logit); satisfaction >= 0.90 missed; crisis notification: no data;
    # resolution_on_time.major >= 0.90 met in one of two runs only; utilisation: no target.
    runs = pd.DataFrame({
        "abandon_rate": [0.05, 0.07], count_key("abandon_rate"): [400.0, 420.0],
        "satisfaction": [0.80, 0.84], count_key("satisfaction"): [300.0, 310.0],
        "crisis_notification_on_time": [math.nan, math.nan], count_key("crisis_notification_on_time"): [0.0, 0.0],
        "resolution_on_time.major": [0.95, 0.88], count_key("resolution_on_time.major"): [40.0, 44.0],
        "utilisation.specialist": [0.91, 0.97],
        "backlog_at_horizon": [120.0, 180.0],
    })
    return summarise(runs, plan)


def test_verdicts_and_tally(summary, plan):
    status = {r.kpi: r.status for r in kpi_rows(summary, plan)}
    assert status == {"abandon_rate": "met", "satisfaction": "missed", "crisis_notification_on_time": "no_data",
                      "resolution_on_time.major": "met", "utilisation.specialist": "",
                      "backlog_at_horizon": ""}
    assert kpi_tally(summary, plan) == (2, 3, 1)       # met, judged, without data
    text, met, judged = kpi_table(summary, plan, "en")
    assert (met, judged) == (2, 3)
    assert "crisis_notification_on_time" not in text           # each KPI by its name, never its id
    line = next(x for x in text.splitlines() if x.startswith(kpi_label("crisis_notification_on_time", plan, "en")))
    assert line.rstrip().endswith("no data") and "MISSED" not in line and "—" in line
    line = next(x for x in text.splitlines() if x.startswith(kpi_label("satisfaction", plan, "en")))
    assert line.rstrip().endswith("MISSED") and "610" in line          # n: the complaints surveyed, pooled


def test_only_targets_and_the_n_column(summary, plan):
    rows = kpi_rows(summary, plan, "en", only_targets=True)
    assert [r.kpi for r in rows] == ["abandon_rate", "satisfaction", "crisis_notification_on_time",
                                     "resolution_on_time.major"]
    by = {r.kpi: r for r in kpi_rows(summary, plan, "en")}
    assert by["abandon_rate"].n == "820" and by["backlog_at_horizon"].n == "2"     # complaints, else runs
    assert by["crisis_notification_on_time"].ci == "" and by["crisis_notification_on_time"].mean == "—"


def test_a_summary_whose_targets_were_replaced_reads_the_same(summary, plan):
    # the staffing search replaces target/direction/met (no status column of its own)
    searched = summary.drop(columns=["status"]).copy()
    searched["met"] = [False, True, False, True, pd.NA, pd.NA]
    assert {r.kpi: r.status for r in kpi_rows(searched, plan)}["crisis_notification_on_time"] == "no_data"
    assert {r.kpi: r.status for r in kpi_rows(searched, plan)}["abandon_rate"] == "missed"


def test_html_is_styled(summary, plan):
    html = kpi_table_html(summary, plan, "en")
    assert html.startswith("<style>") and "<table class='kpi-table'>" in html
    for status, colour in (("met", OK), ("missed", BAD), ("no_data", MUTED)):
        assert f".s-{status}{{color:{colour}}}" in html
        assert f"<span class='status s-{status}'>" in html
    assert html.count("<tr class='row-missed'>") == 1 and "<td class='num'>" in html
    assert ">MISSED<" in html and ">no data<" in html


def test_chinese_table_has_no_english_and_no_ids(summary, plan):
    text, _, _ = kpi_table(summary, plan, "zh")
    html = kpi_table_html(summary, plan, "zh")
    for shown in (text, unescape(re.sub(r"<[^>]*>", " ", html.split("</style>")[1]))):
        assert not re.search(r"[A-Za-z]{2,}", shown), shown
        assert "达标" in shown and "未达标" in shown and "无数据" in shown
    assert kpi_label("utilisation.specialist", plan, "zh") == "利用率：客诉处理专员"
    assert kpi_label("backlog_at_horizon", plan, "zh") == "时长结束时未结案"
    assert HAN_CHAR.search(kpi_label("resolution_on_time.minor", plan, "zh"))


def test_terminal_columns_line_up_in_chinese(summary, plan):
    text, _, _ = kpi_table(summary, plan, "zh")
    lines = text.splitlines()
    header = lines[0]
    # each column starts at the same terminal column on every line: the mean's column, for one
    mean_col = display_width(header[:header.index("均值")])
    for line in lines[1:]:
        cells = re.split(r"\s{2,}", line.strip())
        assert display_width(line[:line.index(cells[1])]) == mean_col, line


def test_terminal_colours_mark_the_verdicts_only(summary, plan):
    from sim.reports.kpi_table import ANSI_COLOURS, ANSI_RESET, MET, MISSED
    text, _, _ = kpi_table(summary, plan, "en", colour=True)
    lines = {r.kpi: line for r, line in zip(kpi_rows(summary, plan), text.splitlines()[1:])}
    assert f"{ANSI_COLOURS[MISSED]}MISSED{ANSI_RESET}" in lines["satisfaction"]          # bold red
    assert f"{ANSI_COLOURS[MET]}met{ANSI_RESET}" in lines["abandon_rate"]                 # green
    assert "\x1b[" not in lines["crisis_notification_on_time"]                           # no data: plain
    assert "\x1b[" not in kpi_table(summary, plan, "en", colour=False)[0]
    # the colour codes take no room: the columns line up as without them
    plain = kpi_table(summary, plan, "en")[0].splitlines()
    stripped = [re.sub(r"\x1b\[[0-9;]*m", "", x) for x in text.splitlines()]
    assert stripped == plain


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    import io

    from sim.cli.common import use_colour

    class Tty(io.StringIO):
        def isatty(self):
            return True
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(Tty()) and not use_colour(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(Tty())
