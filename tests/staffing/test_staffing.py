"""The staffing planner's analytic side, targets, rosters, CLI and strings (sim.staffing, python -m sim staff).

The simulation search itself is tested in test_staffing_search.py, Dask in test_staffing_dask.py and the
notebook widgets in test_staffing_ui.py.
"""
import math

import numpy as np
import pandas as pd
import pytest
from support import run_cli, variant

from sim.staffing import (
    Target,
    TargetError,
    derive_scenario,
    erlang_c,
    erlang_kpis,
    fewest_servers,
    kpi_names,
    parse_target,
    resolve_targets,
    roster_cost,
    roster_frame,
    shift_table,
    warm_start,
    workload,
)


@pytest.fixture(scope="module")
def mmc2(mmc):
    """M/M/c (24/h, 10 min, 5 agents) measured on one day after a one-day warm-up."""
    return derive_scenario(mmc, horizon=2 * 1440)


_variant = variant


# --- warm start ----------------------------------------------------------------------------------

def test_warm_start_on_mmc_is_the_stable_erlang_c_minimum(mmc):
    """24/h x 10 min = 4 Erlang. The plan's targets that apply (minor first response within 24 h >= 0.90,
    everyone within 24 h >= 0.99, abandonment <= 10 % - nobody hangs up here) only need a stable queue:
    Erlang C with 4 agents is unstable, with 5 P(wait > 24 h) is ~0. So the warm start is 5."""
    ws = warm_start(mmc)
    assert ws.teams == ("frontline",)
    assert ws.roster == {"frontline": (5,)}
    hourly = ws.hourly
    assert set(hourly["model"]) == {"Erlang C"}
    assert hourly["arrivals_per_hour"].to_numpy() == pytest.approx(24.0)
    assert hourly["load"].to_numpy() == pytest.approx(4.0)
    assert (hourly["required"] == 5).all()
    assert erlang_c(24 / 60, 1 / 10, 5).service_level(1440) > 0.99


def test_warm_start_matches_fewest_servers_for_a_wait_target(mmc2):
    # A mean-wait target maps to Erlang C's mean wait over all arrivals; the sim's mean_wait_min is the same.
    for wait in (5.0, 1.0, 0.2):
        ws = warm_start(mmc2, {"mean_wait_min": wait})
        assert ws.roster["frontline"] == (fewest_servers(24 / 60, 1 / 10, target_wait=wait),)
    assert warm_start(mmc2, {"mean_wait_min": 0.2}).roster["frontline"][0] > 5


def test_warm_start_uses_erlang_a_when_callers_hang_up(mmc2):
    impatient = _variant(mmc2, patience={"hotline": {"exponential": {"mean": "4min"}}})
    for share in (0.10, 0.02):
        ws = warm_start(impatient, {"abandon_rate": share})
        assert set(ws.hourly["model"]) == {"Erlang A"}
        expected = fewest_servers(24 / 60, 1 / 10, max_abandon=share, abandon_rate=1 / 4)
        assert ws.roster["frontline"] == (expected,)
    # Erlang A lets a queue run with fewer agents than the load: impatient callers relieve it.
    assert warm_start(impatient, {"abandon_rate": 0.3}).roster["frontline"][0] <= 4


def test_warm_start_follows_the_flagship_surge_and_the_plans_activation(flagship):
    from sim.simulation.replication import simulate
    ws = warm_start(flagship)
    fl = ws.hourly[ws.hourly["team"] == "frontline"].set_index("hour")
    assert set(fl["model"]) == {"Erlang A"}                 # hotline and chat callers hang up
    # Incident at 10 h: arrivals rise from the baseline to the surge.
    assert fl.loc[11:14, "arrivals_per_hour"].max() > 2 * fl.loc[6:9, "arrivals_per_hour"].max()
    # The activation estimated from the expected arrivals is close to the simulated one.
    wl = ws.workload
    simulated = simulate(flagship).kpis["plan_activated_min"]
    assert abs(wl.activation_at - simulated) <= 60
    # Reserves called in (12 for frontline, for 12 h after the call-in delay) lower the requirement.
    reserve = flagship.staffing["frontline"].reserve
    during = math.ceil((wl.activation_at + 60) / 60) + 1
    assert wl.extra["frontline"][during] == pytest.approx(reserve)
    without = warm_start(flagship, options=_no_activation())
    fl0 = without.hourly[without.hourly["team"] == "frontline"].set_index("hour")
    assert fl0.loc[during, "required"] >= fl.loc[during, "required"] + reserve - 1
    # Every team the plan routes this scenario's complaints to is searched; a shift gets its busiest hour.
    assert set(ws.teams) == {"frontline", "specialist", "production", "tech_support", "logistics", "marketing_pr"}
    covered = fl.loc[0:7, "required"].max()                 # 08:00-16:00 on day one
    assert ws.roster["frontline"][0] >= covered


def test_only_teams_that_affect_the_targets_are_searched(flagship):
    frontline_only = warm_start(flagship, {"abandon_rate": 0.1, "first_response_on_time.major": 0.95})
    assert frontline_only.teams == ("frontline",)
    assert frontline_only.roster["specialist"] == tuple(s.staff for s in flagship.staffing["specialist"].shifts)
    assert warm_start(flagship, {"utilisation.logistics": 0.9}).teams == ("logistics",)
    assert "specialist" in warm_start(flagship, {"resolution_on_time.major": 0.9}).teams
    assert warm_start(flagship, {"abandon_rate": 0.1}, teams=["specialist"]).teams == ()


def _no_activation():
    from sim.simulation.centre import CentreOptions
    return CentreOptions(auto_activate=False)


def test_surge_multiplier_scales_the_incident(flagship):
    from sim.simulation.centre import CentreOptions
    base = workload(flagship)
    double = workload(flagship, CentreOptions(surge_multiplier=2.0, auto_activate=False))
    quiet = workload(flagship, CentreOptions(surge_multiplier=0.0, auto_activate=False))
    no_act = workload(flagship, CentreOptions(auto_activate=False))
    assert quiet.activation_at is None and no_act.activation_at is None and base.activation_at is not None
    surge = no_act.lam.sum(axis=1) - quiet.lam.sum(axis=1)
    assert surge.max() > 0
    assert double.lam.sum(axis=1) - quiet.lam.sum(axis=1) == pytest.approx(2 * surge)


def test_erlang_kpis_equal_erlang_c_on_mmc(mmc2):
    for c in (5, 6, 8):
        pred = erlang_kpis(mmc2, {"frontline": [c]})
        m = erlang_c(24 / 60, 1 / 10, c)
        assert pred["wait_probability"] == pytest.approx(m.wait_probability, rel=1e-9)
        assert pred["first_response_on_time.minor"] == pytest.approx(m.service_level(1440), abs=1e-12)
        assert pred["abandon_rate"] == 0
    assert erlang_kpis(mmc2, {"frontline": [4]})["first_response_on_time"] == 0   # unstable: never on time


# --- targets -------------------------------------------------------------------------------------

def test_targets_default_to_the_plans(flagship):
    targets = resolve_targets(flagship)
    assert set(targets) == set(flagship.plan.kpi_targets)
    assert targets["abandon_rate"] == Target("abandon_rate", 0.10, "<=")
    assert targets["first_response_on_time.major"] == Target("first_response_on_time.major", 0.95, ">=")


def test_parse_target_directions_and_errors(flagship):
    names, plan = kpi_names(flagship), flagship.plan
    assert "first_response_on_time.major" in names and "utilisation.frontline" in names
    assert parse_target("abandon_rate=0.05", names, plan) == Target("abandon_rate", 0.05, "<=")  # the plan's
    assert parse_target("mean_wait_min=2", names, plan) == Target("mean_wait_min", 2.0, "<=")     # a time
    assert parse_target("resolution_on_time.major = 0.9", names, plan).direction == ">="          # a share
    assert parse_target("satisfaction<=0.99", names, plan).direction == "<="                      # explicit
    with pytest.raises(TargetError) as exc:
        parse_target("first_response_on_time.majr=0.95", names, plan)
    assert str(exc.value).startswith("--target first_response_on_time.majr=0.95: unknown KPI "
                                     "'first_response_on_time.majr'; did you mean 'first_response_on_time.major'")
    for text, words in (("abandon_rate=abc", "'abc' is not a number"),
                        ("first_response_on_time.major=95", "is a share; give a value between 0 and 1"),
                        ("mean_wait_min=-1", "must be 0 or more"),
                        ("abandon_rate", "write KPI=VALUE"),
                        ("nonsense_kpi_name=3", "KPIs with targets in the plan: first_response_on_time.major")):
        with pytest.raises(TargetError) as exc:
            parse_target(text, names, plan)
        assert str(exc.value).startswith(f"--target {text}: ") and words in str(exc.value), text
    with pytest.raises(TargetError, match="未知指标"):
        parse_target("first_response_on_time.majr=0.95", names, plan, "zh")


def test_resolve_targets_forms(flagship):
    out = resolve_targets(flagship, {"abandon_rate": 0.05, "mean_wait_min": {"at_most": 3},
                                     "first_response_on_time.major": Target("first_response_on_time.major", 0.9)})
    assert out == {"abandon_rate": Target("abandon_rate", 0.05, "<="),
                   "mean_wait_min": Target("mean_wait_min", 3.0, "<="),
                   "first_response_on_time.major": Target("first_response_on_time.major", 0.9, ">=")}
    assert resolve_targets(flagship, ["satisfaction>=0.8"]) == {"satisfaction": Target("satisfaction", 0.8)}
    with pytest.raises(TargetError):
        resolve_targets(flagship, {})
    with pytest.raises(TargetError, match="did you mean 'abandon_rate'"):
        resolve_targets(flagship, {"abandon_rat": 0.1})


# --- shifts, rosters, cost, derived scenarios --------------------------------------------------------

def test_paid_hours_and_cost(flagship):
    """Cost = headcount x paid hours within the horizon x cost_per_hour (3 days from Monday 08:00)."""
    table = shift_table(flagship).set_index(["team", "label"])
    assert table.loc[("frontline", "08:00-16:00"), "hours"] == 24          # 8 h x 3 days
    assert table.loc[("specialist", "20:00-08:00"), "hours"] == 36         # Mon, Tue, Wed nights
    assert table.loc[("production", "08:00-18:00 mon-fri"), "hours"] == 30
    frame = roster_frame(flagship)
    assert (frame["cost"] == frame["headcount"] * frame["hours"]
            * frame["team"].map(lambda t: flagship.staffing[t].cost_per_hour)).all()
    assert roster_cost(flagship) == frame["cost"].sum()
    more = {"frontline": [10, 7, 2]}
    assert roster_cost(flagship, more) - roster_cost(flagship) == 1 * 24 * 45
    with pytest.raises(ValueError, match="3 headcount"):
        roster_cost(flagship, {"frontline": [1, 2]})


def test_derived_scenarios_keep_the_shift_coverage(flagship):
    hourly = derive_scenario(flagship, hourly=True)
    before, after = shift_table(flagship), shift_table(hourly)
    assert len(after) > 3 * len(before)
    for team in flagship.staffing:
        assert after[after.team == team]["hours"].sum() == pytest.approx(before[before.team == team]["hours"].sum())
    night = [s for s in hourly.staffing["specialist"].shifts if s.start == 0]
    assert night and night[0].days == ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    prod = [s for s in derive_scenario(flagship, hourly=["production"]).staffing["production"].shifts]
    assert len(prod) == 10 and all(s.days == ("mon", "tue", "wed", "thu", "fri") for s in prod)
    day = derive_scenario(flagship, horizon=600)                     # before the incident at 10 h
    assert day.horizon == 600 and day.incidents == () and day.drill is None
    assert flagship.horizon == 3 * 1440 and len(flagship.incidents) == 1

# --- CLI -----------------------------------------------------------------------------------------

def test_cli_staff_prints_the_roster_and_writes_outputs(tmp_path):
    out = tmp_path / "out"
    result = run_cli("staff", "scenarios/validation/mmc.yaml", "--horizon", "2d", "--reps", "3",
                     "--verify-reps", "4", "--quiet", "--out", str(out), timeout=300)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "Teams searched (their staffing affects the targets): frontline" in text
    assert "Roster cost:" in text and "searched targets met by their 95% confidence bound" in text
    assert "Not applicable (never observed in this scenario): satisfaction" in text
    assert "Abandoned calls and chats" in text and "abandon_rate" not in text
    # What holds the headcount (a target: frontline is the only team, and it has work), and the target
    # closest to failing on the fresh replications.
    assert "held by" in text and "floor: work for the team arrives during the shift" in text
    assert "Closest to its target over 4 fresh replications: " in text
    for name in ("roster.csv", "kpis.csv", "trace.csv", "staffing_curve.png"):
        assert (out / name).stat().st_size > 0, name
    assert (out / "staffing_curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    roster = pd.read_csv(out / "roster.csv")
    assert list(roster.columns[:5]) == ["team", "shift", "headcount", "hours", "cost"]
    assert roster["headcount"].iloc[0] >= 1
    assert f"frontline  00:00-24:00  {roster['headcount'].iloc[0]} " in text
    trace = pd.read_csv(out / "trace.csv")
    assert {"candidate", "phase", "roster", "cost", "met"} <= set(trace.columns)
    assert trace["phase"].iloc[-1] == "verify" and bool(trace["met"].iloc[-1])
    kpis = pd.read_csv(out / "kpis.csv").set_index("kpi")
    assert kpis.loc["first_response_within_24h", "direction"] == ">="
    assert bool(kpis.loc["first_response_within_24h", "met_ci"])
    binds = roster["binds"].iloc[0]
    assert roster["floor"].iloc[0] == 1 and (binds == "floor" or kpis.loc[binds, "direction"] in (">=", "<="))


@pytest.mark.parametrize("args, words", [
    (("--target", "first_response_on_time.majr=0.95"),
     ("error: --target first_response_on_time.majr=0.95: unknown KPI 'first_response_on_time.majr'; "
      "did you mean 'first_response_on_time.major'")),
    (("--target", "abandon_rate=lots"), "error: --target abandon_rate=lots: 'lots' is not a number"),
    (("--target", "abandon_rate"), "error: --target abandon_rate: write KPI=VALUE"),
    (("--reps", "1"), "--reps and --verify-reps must be at least 2"),
    (("--teams", "frontline,helpdesk"), "--teams: unknown team 'helpdesk'; teams with shifts: frontline"),
    (("--horizon", "soon"), "--horizon soon: 'soon' is not a duration"),
    (("--strategy", "fastest"), "--strategy fastest: choose plan or hourly"),
])
def test_cli_staff_bad_input_exits_2_with_one_line(capsys, args, words):
    from sim.cli import main
    assert main(["staff", "scenarios/validation/mmc.yaml", *args]) == 2
    err = capsys.readouterr().err
    assert words in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_cli_staff_errors_in_chinese_and_for_bad_files(capsys):
    from sim.cli import main
    assert main(["staff", "scenarios/validation/mmc.yaml", "--lang", "zh", "--target", "abandon_rat=0.1"]) == 2
    assert "未知指标 'abandon_rat'；你是不是想写 'abandon_rate'" in capsys.readouterr().err
    assert main(["staff", "tests/data/bad/unknown_key.yaml"]) == 2
    assert "unknown key 'horizn'" in capsys.readouterr().err


def test_kpi_names_are_the_simulators(mmc2):
    """Every KPI a run reports, and not the complaint counts that come with its shares (``n:<kpi>``)."""
    from sim.simulation.metrics import count_key
    from sim.simulation.replication import run_kpis
    kpis = run_kpis(mmc2, 1, 0)
    names = kpi_names(mmc2)
    assert names == tuple(k for k in kpis.index if not k.startswith("n:"))
    assert set(names) | {count_key(k) for k in names} >= set(kpis.index)
    assert "abandon_rate" in names and count_key("abandon_rate") not in names
    assert np.isnan(kpis["satisfaction"])          # no follow-up: not applicable
