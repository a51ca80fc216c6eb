"""The planner notebook's widgets (sim.ui.planner.PlannerApp), driven without a browser: set values, click.

Uses the two-day M/M/c model so that every click simulates in well under a second.
"""
import pytest

from sim.staffing import derive_scenario
from sim.ui.planner import PlannerApp


@pytest.fixture(scope="module")
def mmc2(mmc):
    return derive_scenario(mmc, horizon=2 * 1440)


@pytest.fixture()
def app(mmc2, mmc):
    from sim.format.library import scenarios_dir
    return PlannerApp(mmc2, reps=2, search_reps=2, verify_reps=3, curve_reps=2,
                      library={"flagship": scenarios_dir() / "product_defect_surge.yaml"})


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


def test_run_shows_kpis_progress_and_plots(app):
    app.sliders[("frontline", 0)].value = 6
    app.reps.value = 3
    app.run_button.click()
    assert app.progress.value == app.progress.max == 3
    assert "first_response_within_24h" in app.kpis.value and "met" in app.kpis.value
    assert "plan targets met (mean of 3 replication(s))" in app.status.value
    assert len(app.plots.outputs) == 2                    # first response over time and per severity
    detail, summary = app.last_run
    assert summary.set_index("kpi").loc["arrived", "n"] == 3
    assert detail.complaints["arrival_min"].min() >= 0


def test_find_sets_the_sliders_and_the_curve_overlays_erlang(app):
    app.sliders[("frontline", 0)].value = 12
    app.find_button.click()
    result = app.result
    assert result is not None and result.verified, app.status.value
    assert app.headcounts() == result.headcounts
    assert "Fewest staff found" in app.status.value and "<table" in app.roster_view.value
    assert app.progress.value == app.progress.max
    app.curve_button.click()
    data = app.curve_data
    assert sorted(data["delta"].unique()) == [-3, -2, -1, 0, 1, 2, 3]
    assert data["erlang"].notna().all() and len(app.curve_plot.outputs) == 1
    # More agents never make the Erlang prediction worse.
    on_time = data[data["kpi"] == "first_response_on_time"].sort_values("staff")["erlang"].to_numpy()
    assert (on_time[1:] >= on_time[:-1] - 1e-12).all()


def test_labels_in_chinese(mmc2):
    app = PlannerApp(mmc2, lang="zh", library={})
    assert app.run_button.description == "运行" and app.find_button.description == "寻找最少人手"
    assert "验证" in app.picker.options[0][0]
    assert "设置排班" in app.status.value
