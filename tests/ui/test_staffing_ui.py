"""The planner notebook's widgets (sim.ui.planner.PlannerApp), driven without a browser: set values, click,
wait for the background job.

Uses the two-day M/M/c model so that every click simulates in well under a second; the search's progress
and Cancel are tested with a fake find_staffing that uses the hooks as the real one does (progress after
each roster judged, should_stop between them, SearchCancelled when it says stop).
"""
import re
import threading

import pandas as pd
import pytest

from sim.reports.kpi_table import kpi_label
from sim.staffing import derive_scenario
from sim.staffing.result import SearchCancelled
from sim.ui import planner
from sim.ui.planner import PlannerApp
from sim.ui.planner_views import roster_html, search_progress_text, stage_index


@pytest.fixture(scope="module")
def mmc2(mmc):
    return derive_scenario(mmc, horizon=2 * 1440)


@pytest.fixture()
def app(mmc2):
    from sim.format.library import scenarios_dir
    return PlannerApp(mmc2, reps=2, search_reps=2, verify_reps=3, curve_reps=2,
                      library={"flagship": scenarios_dir() / "product_defect_surge.yaml"})


def _click(app, button):
    button.click()
    assert app.wait(120), "the job did not finish"


def _latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z_]{3,}", re.sub(r"<[^>]*>", " ", text)))


def test_sliders_follow_the_scenario_and_set_the_options(app, mmc2):
    assert app.picker.value == mmc2.id and len(app.picker.options) == 2
    assert app.headcounts() == {"frontline": (5,)}
    app.sliders[("frontline", 0)].value = 7
    app.surge.value = 1.5
    app.delay.value = 30
    opts = app.options()
    assert opts.staffing_overrides == {"frontline": [7]} and opts.surge_multiplier == 1.5
    assert opts.activation_delay == 30 and not opts.record_log
    app.picker.value = "flagship"                        # another scenario: sliders rebuilt from its roster
    assert app.headcounts()["frontline"] == (9, 7, 2) and len(app.sliders) == 9
    assert app.scenario.horizon == 3 * 1440
    app.horizon.value = 1440.0                           # first day only
    assert app.scenario.horizon == 1440 and app.headcounts()["frontline"] == (9, 7, 2)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_first_render_does_no_work(monkeypatch, lang):
    """Building and showing the app (the flagship, the whole library in the picker) simulates, searches and
    estimates nothing: each of those would fail here."""
    def fail(*_a, **_k):
        raise AssertionError("the first render must not compute")
    for name in ("simulate", "run_kpis", "find_staffing", "staffing_curve", "warm_start", "summarise"):
        monkeypatch.setattr(planner, name, fail)
    app = PlannerApp(lang=lang)
    assert app.picker.value == "product_defect_surge" and len(app.picker.options) > 5
    assert "application/vnd.jupyter.widget-view+json" in app._repr_mimebundle_()
    assert not app.busy and app.result is app.last_run is app.curve_data is None
    assert not app.plots.outputs and not app.curve_plot.outputs and app.cancel_button.disabled


def test_run_in_the_background_shows_kpis_progress_and_plots(app):
    app.sliders[("frontline", 0)].value = 6
    app.reps.value = 3
    _click(app, app.run_button)
    assert app.progress.value == app.progress.max == 3
    name = kpi_label("first_response_within_24h", app.scenario.plan, "en")
    assert "kpi-table" in app.kpis.value and name in app.kpis.value
    assert "first_response_within_24h" not in re.sub(r"<[^>]*>", "", app.kpis.value)     # names, never ids
    assert "plan targets met (mean of 3 replication(s))" in app.status.value, app.status.value
    assert len(app.plots.outputs) == 4       # backlog, first response over time and per severity, utilisation
    assert all("image/png" in o["data"] for o in app.plots.outputs)
    detail, summary = app.last_run
    assert summary.set_index("kpi").loc["arrived", "n"] == 3 and detail.complaints["arrival_min"].min() >= 0
    assert not app.run_button.disabled and app.cancel_button.disabled   # controls back once done


def test_a_failing_job_reports_in_the_status_line_and_frees_the_controls(app, monkeypatch):
    def boom(*_a, **_k):
        raise ValueError("no such roster")
    monkeypatch.setattr(planner, "simulate", boom)
    _click(app, app.run_button)
    assert "no such roster" in app.status.value and not app.run_button.disabled and not app.busy


def test_run_can_be_cancelled_between_replications(app, monkeypatch):
    started, release = threading.Event(), threading.Event()
    real = planner.run_kpis

    def slow(*args, **kw):
        started.set()
        release.wait(10)
        return real(*args, **kw)
    monkeypatch.setattr(planner, "run_kpis", slow)
    app.reps.value = 5
    app.run_button.click()
    assert started.wait(30) and app.busy and not app.cancel_button.disabled
    app.run_button.click()                               # one job at a time
    assert "Still working" in app.status.value
    app.cancel_button.click()
    release.set()
    assert app.wait(30)
    assert "Run cancelled after 2 of 5" in app.status.value, app.status.value
    assert app.last_run is None and not app.plots.outputs


def _fake_search(calls, started, release):
    """find_staffing as the planner uses it: progress after each roster, should_stop between rosters."""
    def find_staffing(scenario, *, progress, should_stop, **kw):
        calls.append(kw)
        for n, (stage, cost, feasible) in enumerate([("feasible", 900.0, False), ("feasible", 1500.0, True),
                                                     ("descend", 1200.0, True), ("descend", 1000.0, False)], 1):
            progress({"stage": stage, "evaluated": n, "cost": cost, "feasible": feasible, "phase": "x"})
        started.set()
        for _ in range(1000):                            # "more rosters", until told to stop
            if should_stop():
                raise SearchCancelled("cancelled")
            release.wait(0.01)
        raise AssertionError("should_stop never said stop")
    return find_staffing


def test_the_search_shows_progress_and_cancel_stops_it(app, monkeypatch):
    calls, started, release = [], threading.Event(), threading.Event()
    monkeypatch.setattr(planner, "find_staffing", _fake_search(calls, started, release))
    before = app.headcounts()
    app.find_button.click()
    assert started.wait(30) and app.busy
    assert app.find_button.disabled and app.picker.disabled and not app.cancel_button.disabled
    label = app.progress_label.value
    assert "Taking staff off while the targets hold" in label and "4 roster(s) evaluated" in label
    assert "1,200" in label                              # the cheapest feasible so far, not the last one
    assert app.progress.value == stage_index("descend") + 1
    app.cancel_button.click()
    assert app.wait(30)
    assert "Search cancelled after 4 roster(s)" in app.status.value, app.status.value
    assert app.result is None and app.headcounts() == before
    assert not app.find_button.disabled and app.cancel_button.disabled
    assert calls[0]["lang"] == "en" and calls[0]["options"].staffing_overrides == {}


def test_search_progress_text_in_both_languages():
    info = {"stage": "verify", "evaluated": 12, "cost": 5.0, "feasible": True}
    assert search_progress_text(info, None, "en") == \
        "Checking with fresh replications · 12 roster(s) evaluated · none meets the targets yet"
    assert search_progress_text(info, 48000.0, "en").endswith("so far: 48,000")
    assert search_progress_text({**info, "stage": "a-new-stage"}, None, "en").startswith("Searching ·")
    for stage in ("feasible", "descend", "verify", "binding", "a-new-stage"):
        zh = search_progress_text({**info, "stage": stage}, 48000.0, "zh")
        assert "48,000" in zh and not _latin_words(zh), zh
    assert stage_index("feasible") == 0 and stage_index("a-new-stage") == -1


def test_find_sets_the_sliders_and_the_curve_overlays_erlang(app):
    app.sliders[("frontline", 0)].value = 12
    _click(app, app.find_button)
    result = app.result
    assert result is not None and result.verified, app.status.value
    assert app.headcounts() == result.headcounts
    assert "Fewest staff found" in app.status.value and "<table" in app.roster_view.value
    assert "Customer service" in app.roster_view.value or "frontline" not in app.roster_view.value
    assert app.progress.value == app.progress.max
    _click(app, app.curve_button)
    data = app.curve_data
    assert sorted(data["delta"].unique()) == [-3, -2, -1, 0, 1, 2, 3]
    assert data["erlang"].notna().all() and len(app.curve_plot.outputs) == 1
    # More agents never make the Erlang prediction worse.
    on_time = data[data["kpi"] == "first_response_on_time"].sort_values("staff")["erlang"].to_numpy()
    assert (on_time[1:] >= on_time[:-1] - 1e-12).all()


def test_labels_in_chinese_show_no_english_and_no_ids(mmc2):
    app = PlannerApp(lang="zh")              # the flagship: seven teams with their ids
    assert app.run_button.description == "运行" and app.find_button.description == "寻找最少人手"
    assert app.cancel_button.description == "取消" and "设置排班" in app.status.value
    texts = [w.description for w in (app.picker, app.horizon, app.surge, app.delay, app.reps, app.run_button,
                                     app.find_button, app.curve_button, app.cancel_button)]
    texts += [label for label, _ in app.picker.options] + [w.value for w in app.staff_box.children
                                                           if hasattr(w, "value") and isinstance(w.value, str)]
    words = _latin_words(" ".join(texts)) - {"Erlang", "App"}   # a model's name; a word of a scenario's title
    assert not words, words
    ids = set(app.scenario.staffing) | {key for _, key in app.picker.options}   # teams; scenario files
    assert not ids & _latin_words(" ".join(texts))
    small = PlannerApp(mmc2, lang="zh", library={})
    assert "验证" in small.picker.options[0][0]


def test_the_roster_table_speaks_the_plans_words(flagship):
    roster = pd.DataFrame({"team": ["frontline", "specialist", "logistics", "marketing_pr"],
                           "shift": ["08:00-16:00"] * 4, "headcount": [9, 3, 1, 0], "hours": [24.0] * 4,
                           "cost": [12960.0, 4320.0, 1440.0, 0.0], "warm_start": [8, 3, 1, 1], "scenario": [9, 3, 1, 1],
                           "binds": ["first_response_on_time.major", "floor", "kept", ""]})
    zh = roster_html(roster, flagship.plan, "zh")
    text = re.sub(r"<style>.*?</style>", "", zh)
    assert not _latin_words(text) - {"Erlang"}
    assert "客户服务部" in text and "重大投诉按时首次响应" in text and "底线：有工作到达" in text and "未搜索" in text
    assert "12,960" in text and "<td>—</td>" in text
    en = roster_html(roster, flagship.plan, "en")
    en_text = re.sub(r"<style>.*?</style>", "", en)
    assert kpi_label("first_response_on_time.major", flagship.plan, "en") in en_text and "floor: work arrives" in en
    assert "first_response_on_time.major" not in en_text


def test_the_need_view_is_analytic_and_instant(app, monkeypatch):
    monkeypatch.setattr(planner, "simulate", lambda *a, **k: pytest.fail("the warm start simulates nothing"))
    out = app.need_view()
    assert len(out.outputs) == 1 and "image/png" in out.outputs[0]["data"]
