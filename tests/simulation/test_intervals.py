"""Intervals that respect a KPI's range, and the replication summary's verdicts, on hand-built numbers.

Wilson values are Newcombe's (1998, "Two-sided confidence intervals for the single proportion", Stat.
Med. 17:857, table II, method 3); the logit interval's are worked by hand below.
"""
import math

import numpy as np
import pandas as pd
import pytest

from sim.simulation.intervals import (
    logit_interval,
    normal_quantile,
    proportion_interval,
    student_t_quantile,
    t_interval,
    t_value,
    wilson,
    z_value,
)
from sim.simulation.metrics import count_key, is_count, is_proportion, kpi_status, summarise

Z2 = z_value(0.95) ** 2          # 3.8415


# Student t quantiles from the printed t-table (two-sided 95%, 90%, 99% and 99.9% columns), d.f. at the ends
@pytest.mark.parametrize("p,df,table", [(0.975, 1, 12.706), (0.975, 2, 4.303), (0.975, 3, 3.182), (0.975, 19, 2.093),
                                        (0.975, 29, 2.045), (0.975, 1000, 1.962), (0.95, 10, 1.812),
                                        (0.995, 4, 4.604), (0.9995, 1, 636.619), (0.9995, 120, 3.373)])
def test_student_t_quantile_matches_the_t_table(p, df, table):
    assert round(student_t_quantile(p, df), 3) == table
    assert student_t_quantile(1 - p, df) == -student_t_quantile(p, df)


def test_t_value_is_for_the_mean_of_k_values_with_k_minus_1_degrees_of_freedom():
    assert round(t_value(0.95, 2), 3) == 12.706 and round(t_value(0.95, 20), 3) == 2.093
    assert round(t_value(0.99, 5), 3) == 4.604
    assert round(z_value(0.95), 4) == 1.96 and round(z_value(0.99), 3) == 2.576 and round(z_value(0.90), 3) == 1.645


def test_student_t_quantile_agrees_with_scipy_everywhere():
    special = pytest.importorskip("scipy.special")  # the reference only: the kit itself does not import SciPy
    for df in (1, 2, 3, 4, 7, 19, 99, 1000, 99_999, 100_000, 10**7, 0.3, 2.5):
        for p in (0.51, 0.9, 0.975, 0.995, 0.9995, 1 - 1e-9, 0.025, 1e-6):
            assert student_t_quantile(p, df) == pytest.approx(float(special.stdtrit(df, p)), rel=1e-9), (p, df)
    assert normal_quantile(0.975) == pytest.approx(float(special.ndtri(0.975)), rel=1e-14)


def test_student_t_quantile_at_its_limits():
    assert student_t_quantile(0.5, 5) == 0.0
    # next to the middle, t = (p - 1/2) / density(0); with 4 d.f. the density at 0 is 3/8
    assert student_t_quantile(0.5 + 1e-7, 4) == pytest.approx(1e-7 / 0.375, rel=1e-6)
    # no jump where the series takes over from the search (100,000 d.f.), and the normal beyond
    assert student_t_quantile(0.975, 99_999.5) == pytest.approx(student_t_quantile(0.975, 100_000), rel=1e-9)
    assert student_t_quantile(0.975, 10**12) == pytest.approx(normal_quantile(0.975), rel=1e-11)
    for p, df in ((0.0, 5), (1.0, 5), (0.5, 0), (0.9, -1)):
        with pytest.raises(ValueError):
            student_t_quantile(p, df)


@pytest.mark.parametrize("x,n,low,high", [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605),
                                          (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)])
def test_wilson_matches_newcombes_table(x, n, low, high):
    lo, hi = wilson(x, n, 0.95)
    assert (round(lo, 4), round(hi, 4)) == (low, high)


@pytest.mark.parametrize("n", [1, 7, 40, 10_000])
def test_wilson_at_the_ends_of_the_range(n):
    lo, hi = wilson(0, n, 0.95)                     # 0 of n: [0, z²/(n+z²)]
    assert lo == 0.0 and hi == pytest.approx(Z2 / (n + Z2))
    lo, hi = wilson(n, n, 0.95)                     # n of n: [n/(n+z²), 1]
    assert hi == 1.0 and lo == pytest.approx(n / (n + Z2))
    assert all(math.isnan(v) for v in wilson(0, 0, 0.95))


def test_logit_interval_worked_by_hand():
    # shares 0.8 and 0.9: m = 0.85, s = 0.0707, se = 0.05, t(0.975, 1) = 12.706;
    # logit(0.85) = 1.7346 ± 12.706 x 0.05 / (0.85 x 0.15) = ± 4.9827 -> expit: 0.0374 .. 0.9988
    lo, hi = logit_interval(np.array([0.8, 0.9]), 0.95)
    assert (round(lo, 4), round(hi, 4)) == (0.0374, 0.9988)
    # where the t-interval leaves [0, 1] (0.982 ± 0.105), the logit interval stays inside and holds the mean
    # shares 1, 0.9, 1, 1, 1: m = 0.98, se = 0.02, t(0.975, 4) = 2.776; t-interval 0.98 ± 0.0555 -> 1.036;
    # logit(0.98) = 3.892 ± 2.776 x 0.02 / (0.98 x 0.02) = ± 2.833 -> 0.7424 .. 0.9988
    values = np.array([1.0, 0.9, 1.0, 1.0, 1.0])
    assert t_interval(values, 0.95)[1] == pytest.approx(1.0355, abs=1e-4)
    lo, hi = logit_interval(values, 0.95)
    assert (round(lo, 4), round(hi, 4)) == (0.7424, 0.9988)
    assert logit_interval(np.array([0.5]), 0.95) is None                   # one value: no spread
    assert logit_interval(np.array([0.7, 0.7, 0.7]), 0.95) is None         # no spread
    assert logit_interval(np.array([1.0, 1.0]), 0.95) is None              # mean at the end


def test_logit_is_close_to_t_away_from_the_ends():
    values = np.array([0.48, 0.52, 0.50, 0.51, 0.49, 0.50])
    lo, hi = logit_interval(values, 0.95)
    t_lo, t_hi, _ = t_interval(values, 0.95)
    assert lo == pytest.approx(t_lo, abs=2e-4) and hi == pytest.approx(t_hi, abs=2e-4)


def test_proportion_interval_chooses_by_what_there_is():
    # one replication with its count: Wilson on it
    assert proportion_interval(np.array([0.0]), np.array([20.0]), 0.95) == (0.0, wilson(0, 20, 0.95)[1], "wilson")
    # replications that agree exactly: Wilson on the pooled complaints (3 x 40 all on time)
    lo, hi, how = proportion_interval(np.array([1.0, 1.0, 1.0]), np.array([40.0, 40.0, 40.0]), 0.95)
    assert how == "wilson" and hi == 1.0 and lo == pytest.approx(120 / (120 + Z2))
    # replications that vary: logit
    assert proportion_interval(np.array([0.8, 0.9]), np.array([10.0, 10.0]), 0.95)[2] == "logit"
    # a share of time (no counts) in one run: no interval to give
    assert proportion_interval(np.array([0.6]), None, 0.95) == (0.6, 0.6, "")
    lo, hi, how = proportion_interval(np.array([]), None, 0.95)
    assert math.isnan(lo) and math.isnan(hi) and how == ""


def test_which_kpis_are_proportions():
    for kpi in ("first_response_on_time", "first_response_on_time.major", "first_response_within_24h",
                "resolution_on_time.minor", "crisis_notification_on_time", "wait_probability", "abandon_rate",
                "satisfaction", "utilisation.frontline"):
        assert is_proportion(kpi), kpi
    for kpi in ("mean_wait_min", "staff_cost", "backlog_at_horizon", "open_at_end", "arrived", "sl_5"):
        assert not is_proportion(kpi), kpi
    assert is_count(count_key("abandon_rate")) and not is_count("abandon_rate")


def test_status_boundaries():
    assert kpi_status(0.95, True) == "met" and kpi_status(0.9499, False) == "missed"
    assert kpi_status(math.nan, pd.NA) == "no_data" and kpi_status(math.nan, False) == "no_data"
    assert kpi_status(2.0, pd.NA, has_target=False) == ""


def test_summarise_verdicts_on_hand_built_runs(plan):
    # plan targets: first_response_on_time.major >= 0.95, abandon_rate <= 0.10, satisfaction >= 0.90
    runs = pd.DataFrame({
        "first_response_on_time.major": [1.0], count_key("first_response_on_time.major"): [40.0],
        "abandon_rate": [0.10], count_key("abandon_rate"): [200.0],
        "satisfaction": [math.nan], count_key("satisfaction"): [0.0],
        "resolution_on_time.major": [0.85], count_key("resolution_on_time.major"): [20.0],
        "mean_wait_min": [2.0],
    })
    s = summarise(runs, plan).set_index("kpi")
    assert not any(is_count(k) for k in s.index)
    major = s.loc["first_response_on_time.major"]
    # 40 of 40 on time: met by the mean, but Wilson's lower end 40/(40+z²) = 0.912 is below 0.95
    assert major["status"] == "met" and bool(major["met"]) and not bool(major["met_ci"])
    assert major["interval"] == "wilson" and major["cases"] == 40 and major["n"] == 1
    assert major["ci_low"] == pytest.approx(40 / (40 + Z2)) and major["ci_high"] == 1.0
    abandon = s.loc["abandon_rate"]                 # exactly at the "at most" target: met
    assert abandon["status"] == "met" and bool(abandon["met"])
    assert s.loc["resolution_on_time.major", "status"] == "missed"
    no_data = s.loc["satisfaction"]                 # nothing observed: no data, never missed
    assert no_data["status"] == "no_data" and no_data["met"] is pd.NA and no_data["met_ci"] is pd.NA
    assert math.isnan(no_data["mean"]) and math.isnan(no_data["ci_low"]) and no_data["n"] == 0
    wait = s.loc["mean_wait_min"]                   # no target, one run: no interval
    assert wait["status"] == "" and wait["interval"] == "" and wait["ci_low"] == wait["ci_high"] == 2.0


def test_summarise_over_replications(plan):
    runs = pd.DataFrame({"abandon_rate": [0.02, 0.12, 0.05], count_key("abandon_rate"): [300.0, 280.0, 310.0],
                         "mean_wait_min": [1.0, 2.0, 3.0]})
    s = summarise(runs, plan).set_index("kpi")
    ab = s.loc["abandon_rate"]
    assert ab["interval"] == "logit" and 0 < ab["ci_low"] < ab["mean"] < ab["ci_high"] < 1
    assert ab["cases"] == 890 and ab["n"] == 3
    assert ab["status"] == "met" and not bool(ab["met_ci"])    # mean 0.063 <= 0.10, upper end above it
    wait = s.loc["mean_wait_min"]                               # Student t as before: 2 ± 2.484
    assert wait["interval"] == "t" and wait["ci_high"] - wait["mean"] == pytest.approx(2.4841, abs=1e-4)
