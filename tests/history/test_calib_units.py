"""Calibration's verdicts on small hand-built cases with known answers, at their boundaries.

Each fit, flag and KPI the calibration writes is checked here on data small enough to work out by hand:
a day flagged as a holiday just past its threshold and one just inside it, a retry a minute inside the
day-long window and one a minute outside, a first response exactly on its target and one a minute late
(the history's KPIs come from the simulator's own rules), censored patience that a naive fit would get
wrong, and the choice among distribution families on samples large enough to be decisive.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sim.format.demand import Incident
from sim.format.load import scenario_from_dict
from sim.history.backtest import history_records, kpis_of
from sim.history.fit_customers import case_lateness
from sim.history.fit_demand import find_retries, fit_arrivals, shares
from sim.history.fit_distributions import duration_text, fit_censored, fit_times, kaplan_meier
from sim.history.fit_service import EXACT, fit_frontline
from sim.history.incident import surge_shape
from sim.history.scenario_writer import flow
from sim.history.synthetic import recovery_data
from sim.history.table import COLUMNS, check_table

START = pd.Timestamp("2026-03-02 00:00", tz="UTC")     # a Monday


def table_of(rows: list[dict]) -> pd.DataFrame:
    """A canonical table from a few rows given as dicts of minutes after START (missing keys: NA)."""
    out = {name: [] for name in COLUMNS}
    for i, row in enumerate(rows):
        out["contact_id"].append(f"T{i}")
        out["customer"].append(row.get("customer"))
        for name in ("channel", "category", "severity", "team"):
            out[name].append(row.get(name))
        for name in ("created", "first_response", "resolved", "abandoned"):
            out[name].append(START + pd.Timedelta(minutes=row[name]) if name in row else pd.NaT)
        out["satisfied"].append(row.get("satisfied"))
        out["source_row"].append(i + 2)
    times = ("created", "first_response", "resolved", "abandoned")
    frame = pd.DataFrame({k: v for k, v in out.items() if k not in times})
    for name in times:
        frame[name] = pd.to_datetime(pd.Series(out[name], dtype=object), utc=True)
    table = frame[list(COLUMNS)].astype(COLUMNS)
    table.attrs["period"] = (START, START + pd.Timedelta(days=7))
    check_table(table)
    return table


# --- distributions --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("draw", "family"), [
    (lambda r: r.exponential(10.0, 4000), "exponential"),
    (lambda r: r.lognormal(2.0, 0.6, 4000), "lognormal"),
    (lambda r: r.gamma(3.0, 4.0, 4000), "gamma"),
])
def test_the_family_with_the_smallest_aic_is_chosen(draw, family):
    fit = fit_times(draw(np.random.default_rng(3)))
    assert fit.family == family
    assert fit.ks < 0.03                                   # a right family fits: KS well under 1.36/sqrt(n)
    assert min(fit.aic, key=fit.aic.__getitem__) == family


def test_a_gamma_is_written_as_the_lognormal_of_its_mean_and_cv():
    fit = fit_times(np.random.default_rng(1).gamma(4.0, 2.5, 4000))
    assert fit.family == "gamma" and fit.written == "lognormal"
    dist = fit.as_dist()["lognormal"]
    assert dist["cv"] == pytest.approx(0.5, abs=0.03) and dist["mean"] == duration_text(fit.mean)


def test_durations_are_written_with_units_the_format_reads():
    from sim.format.units import parse_duration
    for minutes in (0.125, 0.999, 1.0, 6.25, 45.234, 1234.5):
        assert parse_duration(duration_text(minutes)) == pytest.approx(minutes, rel=0.005)


def test_censored_patience_counts_the_answered_as_longer_not_as_hang_ups():
    rng = np.random.default_rng(5)
    patience, wait = rng.exponential(5.0, 20000), rng.exponential(2.0, 20000)
    hung_up = patience < wait
    seen = np.minimum(patience, wait)
    fit = fit_censored(seen, hung_up)
    assert fit.mean == pytest.approx(5.0, rel=4 / math.sqrt(hung_up.sum()))
    assert fit.censored == int((~hung_up).sum())
    naive = fit_times(seen[hung_up])                        # the hang-ups alone: the impatient only
    assert naive.mean < 0.5 * fit.mean


def test_kaplan_meier_steps_down_only_at_hang_ups():
    t, s = kaplan_meier(np.array([1.0, 2.0, 2.0, 3.0, 5.0]), np.array([True, False, True, False, True]))
    assert t.tolist() == [1.0, 2.0, 5.0]
    assert s.round(4).tolist() == [0.8, 0.6, 0.0]          # 4/5, then 3/4 of that at 2, all gone at 5


# --- demand ---------------------------------------------------------------------------------------------

def week_of_contacts(per_day: list[int]) -> list[dict]:
    rows = []
    for day, n in enumerate(per_day):
        for k in range(n):
            rows.append({"channel": "email", "created": day * 1440 + (k + 0.5) * 1440 / n})
    return rows


def test_a_day_far_from_its_weekday_is_flagged_and_left_out(plan):
    # Two weeks of 400 contacts a day; the second Tuesday has 100 (0.25 x, far beyond 4 sigma): a holiday.
    table = table_of(week_of_contacts([400] * 8 + [100] + [400] * 5))
    start, end = pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-16")
    fit = fit_arrivals(table, plan, "UTC", start, end)
    assert [d for d, _, _ in fit.holidays] == ["2026-03-10"]
    assert fit.per_hour["email"][0] == pytest.approx(400 / 24)      # the holiday does not drag the rate down


def test_a_day_inside_the_holiday_band_is_kept(plan):
    table = table_of(week_of_contacts([400] * 8 + [260] + [400] * 5))   # 0.65 x: above the 0.6 threshold
    fit = fit_arrivals(table, plan, "UTC", pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-16"))
    assert fit.holidays == []


def test_a_retry_is_the_same_customer_on_the_same_channel_within_a_day():
    day = 1440
    rows = [{"customer": "a", "channel": "hotline", "created": 0, "abandoned": 2},
            {"customer": "a", "channel": "hotline", "created": 2 + day - 1},      # 1 min inside: a retry
            {"customer": "b", "channel": "hotline", "created": 10, "abandoned": 12},
            {"customer": "b", "channel": "hotline", "created": 12 + day + 1},     # 1 min outside: not
            {"customer": "c", "channel": "hotline", "created": 20, "abandoned": 21},
            {"customer": "c", "channel": "chat", "created": 30}]                  # another channel: not
    found = find_retries(table_of(rows), START + pd.Timedelta(days=7))
    assert found.retry_rows.tolist() == [False, True, False, False, False, False]
    assert (found.abandoned, found.retried) == (3, 1) and found.share == pytest.approx(1 / 3)


def test_shares_are_rounded_to_sum_exactly_one():
    mix = shares(pd.Series({"a": 2, "b": 1, "c": 0, "d": 4}))
    assert sum(mix.values()) == pytest.approx(1.0, abs=1e-12) and "c" not in mix


# --- service times --------------------------------------------------------------------------------------

def test_asynchronous_minor_cases_give_resolve_minor_exactly(plan):
    rng = np.random.default_rng(2)
    times = rng.exponential(8.0, 300)
    rows = [{"channel": "email", "team": "frontline", "category": "billing", "severity": "minor",
             "created": 60 * k, "first_response": 60 * k + 5, "resolved": 60 * k + 5 + x}
            for k, x in enumerate(times)]
    fits = fit_frontline(table_of(rows), plan)
    (resolve,) = [f for f in fits if f.activity == "resolve_minor"]
    assert resolve.estimator == EXACT and resolve.fit.mean == pytest.approx(times.mean(), rel=1e-3)
    assert not [f for f in fits if f.activity == "intake"]          # no calls: intake is not identified


# --- satisfaction and KPIs: the simulator's rules on the history ------------------------------------------

def test_lateness_is_zero_on_the_target_and_counts_multiples_beyond(plan):
    rows = [{"severity": "major", "channel": "email", "created": 0, "first_response": 60, "resolved": 24 * 60},
            {"severity": "major", "channel": "email", "created": 0, "first_response": 120, "resolved": 60}]
    assert case_lateness(table_of(rows), plan).tolist() == [0.0, 1.0]   # exactly on 1 h; then 2 h = 1 x late


@pytest.fixture(scope="module")
def week(plan):
    data = recovery_data(1)
    return scenario_from_dict(data, plan)


def test_history_kpis_follow_the_simulators_rules_at_the_target(week):
    # Major: first response target 1 h. On the target counts as on time; a minute past it does not.
    rows = [{"severity": "major", "channel": "email", "category": "other", "created": 0,
             "first_response": 60, "resolved": 120},
            {"severity": "major", "channel": "email", "category": "other", "created": 0,
             "first_response": 61, "resolved": 120},
            {"severity": "minor", "channel": "hotline", "category": "other", "created": 10, "abandoned": 14},
            {"severity": "minor", "channel": "hotline", "category": "other", "created": 20,
             "first_response": 20, "resolved": 30, "satisfied": True}]
    k = kpis_of(history_records(table_of(rows), week, "UTC", now=START + pd.Timedelta(days=9)), within=1 / 3)
    assert k["first_response_on_time.major"] == 0.5 and k["n:first_response_on_time.major"] == 2
    assert k["first_response_on_time"] == pytest.approx(2 / 3)      # the hang-up is left out, as simulated
    assert k["abandon_rate"] == 0.5 and k["wait_probability"] == 0.5
    assert k["service_level"] == 0.5                                 # answered at once; the other hung up
    assert k["satisfaction"] == 1.0 and k["n:satisfaction"] == 1
    assert k["backlog_at_horizon"] == 0


def test_a_case_open_past_its_deadline_is_late_and_one_before_it_is_left_out(week):
    rows = [{"severity": "moderate", "channel": "email", "category": "other", "created": 0},
            {"severity": "moderate", "channel": "email", "category": "other", "created": 7 * 1440 - 60}]
    # Export taken 5 h after the period's start + 7 d: the first is past its 4 h target, the second is not.
    k = kpis_of(history_records(table_of(rows), week, "UTC", now=START + pd.Timedelta(days=7, hours=2)), 1 / 3)
    assert k["first_response_on_time.moderate"] == 0.0 and k["n:first_response_on_time.moderate"] == 1
    assert k["backlog_at_horizon"] == 2


# --- incident shape and writing -------------------------------------------------------------------------

def test_the_fitted_surge_shape_is_the_formats():
    inc = Incident.model_validate({"id": "x", "at": "1h", "category": "other", "peak_per_hour": 10, "rise": "2h",
                                   "plateau": "30min", "decay": "3h", "channels": {"email": 1.0},
                                   "severity": {"minor": 1.0}})
    t = np.array([0.0, 59.0, 60.0, 120.0, 180.0, 200.0, 210.0, 400.0, 2000.0])
    expected = [inc.rate_multiplier(x) for x in t]
    assert surge_shape(t - inc.at, inc.rise, inc.plateau, inc.decay).tolist() == pytest.approx(expected)


def test_flow_quotes_what_yaml_would_misread():
    assert flow({"from": "08:00", "days": ["mon", "no"], "mean": "6.25min", "k": 0.5, "x": "1.5"}) == \
        '{from: "08:00", days: [mon, "no"], mean: 6.25min, k: 0.5, x: "1.5"}'
