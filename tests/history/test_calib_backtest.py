"""Back-test, incident replay and the ``calibrate`` command, end to end on small simulated histories.

* The back-test: a week simulated from known parameters (frontline stretched: a quarter of callers hang
  up; specialists with a queue all week, so their time is identified by throughput), calibrated, then the
  calibrated scenario simulated again: every compared KPI of the history lies inside the simulation's
  95 % prediction interval for one run.
* Incident replay: two quiet weeks with a known surge (peak 60 an hour from day 3 10:00, rise 3 h,
  plateau 2 h, decay 8 h). Tolerances: start within 1 h, time of the peak within 1.5 h, peak rate within
  15 % (the 30-minute bins carry Poisson noise of ~15 % at the peak), the excess within 3 standard
  deviations of the baseline's noise of the incident's realised contacts; the channel mix within 0.06.
* The command: a messy export (the import helper's ``write_export``) through ``python -m sim calibrate``,
  with plots, triggers, a back-test, an incident and a drill skeleton that ``sim check`` accepts; bad
  input is one line and exit status 2.
"""
from __future__ import annotations

import contextlib
import io
import math

import pandas as pd
import pytest

import sim.cli
from sim.format.load import scenario_from_dict
from sim.history.backtest import backtest
from sim.history.calibrate import base_from_dict, calibrate
from sim.history.fit_service import THROUGHPUT
from sim.history.incident import fit_incident
from sim.history.scenario_writer import write_scenario
from sim.history.synthetic import history_of, recovery_data, synthetic_history
from sim.simulation.centre import Centre, CentreOptions
from sim.simulation.frames import complaints_frame

TZ = "Asia/Shanghai"
QUIET = {"hotline": 7, "chat": 4, "email": 4, "online_form": 3, "social_media": 1}
SURGE = {"id": "surge", "at": "3d10h", "category": "product_quality", "peak_per_hour": 60, "rise": "3h",
         "plateau": "2h", "decay": "8h", "channels": {"hotline": 0.5, "social_media": 0.2, "chat": 0.2, "email": 0.1},
         "severity": {"minor": 0.5, "moderate": 0.4, "major": 0.1}}
WINDOW = (pd.Timestamp("2026-03-05T06:00"), pd.Timestamp("2026-03-07T06:00"))


def stretched_week() -> dict:
    data = recovery_data(1, per_hour=QUIET)
    data["staffing"]["frontline"]["shifts"] = [{"from": "07:00", "to": "15:00", "staff": 6},
                                               {"from": "15:00", "to": "23:00", "staff": 5},
                                               {"from": "23:00", "to": "07:00", "staff": 1}]
    data["staffing"]["specialist"]["shifts"] = [{"from": "08:00", "to": "20:00", "staff": 5},
                                                {"from": "20:00", "to": "08:00", "staff": 2}]
    return data


@pytest.fixture(scope="module")
def week(plan):
    data = stretched_week()
    truth = scenario_from_dict(data, plan)
    return data, synthetic_history(truth, tz=TZ)


@pytest.fixture(scope="module")
def surge(plan):
    data = recovery_data(2, per_hour=QUIET)
    data["incidents"] = [SURGE]
    truth = scenario_from_dict(data, plan)
    centre = Centre(truth, options=CentreOptions(record_log=False))
    centre.run()
    frame = complaints_frame(centre.records())
    realised = int((frame["incident"] >= 0).sum())          # the simulator knows which contacts were the surge's
    return {k: v for k, v in data.items() if k != "incidents"}, truth, history_of(frame, truth, TZ), realised


def test_the_back_test_reproduces_the_generating_scenarios_kpis(week, plan, tmp_path):
    data, history = week
    cal = calibrate(history, base_from_dict(data, plan), tz=TZ)
    assert cal.service_fit("specialist", "resolve").estimator == THROUGHPUT
    assert cal.service_fit("specialist", "resolve").fit.mean == pytest.approx(45.0, rel=0.10)
    scenario = write_scenario(cal, tmp_path / "calibrated.yaml")
    from sim.history.calibrate_plots import write_plots
    assert write_plots(cal, tmp_path / "plots", "en") == 5
    assert {p.name for p in (tmp_path / "plots").iterdir()} == {     # times known by their mean only get no plot
        "arrivals.png", "service_frontline_resolve_minor.png", "patience_hotline.png", "patience_chat.png",
        "satisfaction.png"}
    result = backtest(history, scenario, TZ, reps=4, seed=99)
    rows = result.rows.set_index("kpi")
    assert rows.loc["abandon_rate", "history"] > 0.1            # a stretched week, not a trivial one
    assert (rows["low"] >= 0).all() and (rows.loc[[k for k in rows.index if "backlog" in k], "low"] >= 0).all()
    assert result.judged == len(rows) and result.inside == result.judged, \
        rows[~rows["inside"].astype(bool)].to_string()
    from sim.cli.calibrate import backtest_text
    text = backtest_text(result, "zh")
    assert "服务水平（20 秒内接通）" in text and f"{len(rows)} 项 KPI 中有 {len(rows)} 项" in text


def test_incident_replay_recovers_the_surges_peak_and_timing(surge, plan):
    base_data, truth, history, realised = surge
    cal = calibrate(history, base_from_dict(base_data, plan), tz=TZ, exclude=(WINDOW,))
    inc = fit_incident(cal, *WINDOW)
    true = truth.incidents[0]
    assert abs(inc.at - true.at) <= 60
    assert abs(inc.peak_at - (true.at + true.rise)) <= 90
    assert inc.peak_per_hour == pytest.approx(true.peak_per_hour, rel=0.15)
    baseline = float(inc.series["baseline"].sum())
    assert abs(inc.excess - realised) <= 3 * math.sqrt(baseline)
    assert inc.category == "product_quality"
    for ch, share in true.channels.items():
        assert inc.channels.get(ch, 0.0) == pytest.approx(share, abs=0.06)
    assert cal.arrivals.holidays == []                            # the surge days were left out, not flagged


def test_the_surge_trigger_fires_during_the_incident_and_not_before(surge, plan, tmp_path):
    from sim.history.triggers_backtest import trigger_backtest
    base_data, truth, history, _ = surge
    cal = calibrate(history, base_from_dict(base_data, plan), tz=TZ, exclude=(WINDOW,))
    scenario = write_scenario(cal, tmp_path / "baseline.yaml")      # the calibrated baseline, no incident
    spells = trigger_backtest(history, scenario, TZ)
    inc = truth.incidents[0]
    assert spells["surge"], "the surge (peak 60 an hour on a baseline of ~20) must fire"
    first = spells["surge"][0]
    assert inc.at <= first.start <= inc.at + inc.rise + inc.plateau    # while the surge rises or peaks
    assert all(inc.at <= s.start <= inc.end for s in spells["surge"])  # never in the quiet days
    assert set(spells) == {"surge", "public_attention"}                # outage and 'other' are not in an export


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = sim.cli.main(argv)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def mapping_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("map") / "map.yaml"
    path.write_text("preset: tickets\ntime:\n  zone: Asia/Shanghai\n", encoding="utf-8")
    return path


def test_the_command_calibrates_a_messy_export_end_to_end(week, mapping_file, tmp_path):
    from sim.history.exports import write_export
    export = write_export(week[1], tmp_path / "tickets.csv", "tickets", seed=4)
    out = tmp_path / "ours.yaml"
    status, text, err = run_cli(["calibrate", str(export.path), "--map", str(mapping_file), "--out", str(out),
                                 "--triggers",
                                 "--lang", "zh"])
    assert status == 0, err
    assert f"共 {len(export.planted)} 条问题" in text             # every planted bad row is reported
    assert "从未成立" in text                                     # the surge trigger never held in an ordinary week
    written = out.read_text(encoding="utf-8")
    assert "取自基准情景" in written and "per_hour:" in written
    assert not any(str(raw) in written for raw in export.expected["customer"].dropna().head(50))
    assert run_cli(["check", str(out)])[0] == 0


def test_the_command_replays_an_incident_into_a_drill_skeleton(surge, mapping_file, tmp_path):
    from sim.history.exports import CLEAN, write_export
    export = write_export(surge[2], tmp_path / "incident.csv", "tickets", seed=5, mess=CLEAN)
    drill = tmp_path / "drill.yaml"
    status, text, err = run_cli(["calibrate", str(export.path), "--map", str(mapping_file), "--out",
                                 str(tmp_path / "replay.yaml"), "--incident", "2026-03-05T06:00",
                                 "2026-03-07T06:00", "--drill", str(drill)])
    assert status == 0, err
    assert "Incident 2026-03-05 06:00" in text
    skeleton = drill.read_text(encoding="utf-8")
    assert "TODO" in skeleton and "moment-1" in skeleton and "peak_per_hour" in skeleton
    assert not any(str(raw) in skeleton for raw in export.expected["customer"].dropna())
    assert run_cli(["check", str(drill)])[0] == 0


@pytest.mark.parametrize(("extra", "message"), [
    (["--reps", "1"], "--reps must be at least 2"),
    (["--drill", "d.yaml"], "--drill needs --incident"),
    (["--incident", "2026-03-05T06:00", "yesterday"], "'yesterday' is not a date-time"),
    (["--incident", "2026-03-06", "2026-03-05"], "must come after the start"),
    (["--tz", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
])
def test_bad_options_are_one_line_and_exit_2(extra, message, mapping_file, tmp_path):
    status, _, err = run_cli(["calibrate", "export.csv", "--map", str(mapping_file), "--out",
                              str(tmp_path / "x.yaml"), *extra])
    assert status == 2 and message in err and len(err.strip().splitlines()) == 1


def test_a_history_shorter_than_a_week_is_refused_in_one_line(week, mapping_file, tmp_path):
    from sim.history.exports import CLEAN, write_export
    short = week[1][week[1]["created"] < week[1]["created"].min() + pd.Timedelta(days=3)].copy()
    short.attrs = {}
    export = write_export(short, tmp_path / "short.csv", "tickets", mess=CLEAN)
    status, _, err = run_cli(["calibrate", str(export.path), "--map", str(mapping_file), "--out",
                              str(tmp_path / "x.yaml")])
    assert status == 2 and "needs a full week" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.yaml").exists()
