"""Early warning: thresholds at their boundaries on hand-built series; on the library, the complaint rate
warns before the surge trigger on the flagship's incident and never in the quiet baseline week."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import complaints
from scipy import stats

from sim.customers.warning import (
    NormalPattern,
    activation_minute,
    churn_signals,
    complaint_rate_signals,
    first_warnings,
    poisson_threshold,
    satisfaction_signals,
)
from sim.format.care import ChurnRate, ComplaintRate, SatisfactionTrend
from sim.simulation.intervals import wilson


def flat_pattern(per_hour: float, categories=("billing",)) -> NormalPattern:
    """``per_hour`` billing complaints every hour of the week, none of the other categories."""
    rates = np.zeros((168, len(categories)))
    rates[:, list(categories).index("billing")] = per_hour
    return NormalPattern(rates, tuple(categories), 0.0)


@pytest.mark.parametrize("mu", [0.0, 0.5, 6.0, 40.0])
def test_the_threshold_is_the_smallest_count_chance_reaches_that_rarely(mu):
    k = int(poisson_threshold(np.array([mu]), 1e-6)[0])
    assert stats.poisson.sf(k - 1, mu) <= 1e-6 < (stats.poisson.sf(k - 2, mu) if k >= 2 else 1.0)


def test_expected_counts_follow_the_hour_of_the_week():
    rates = np.zeros((168, 1))
    rates[1, 0] = 60.0                                     # Monday 01:00-02:00: 60 an hour
    pattern = NormalPattern(rates, ("billing",), 30.0)     # the run starts Monday 00:30
    assert pattern.cumulative(np.array([0.0, 30.0, 60.0, 90.0, 200.0]))[:, 0].tolist() == pytest.approx(
        [0.0, 0.0, 30.0, 60.0, 60.0])


def test_complaint_rate_warns_from_the_threshold_count(plan):
    rule = ComplaintRate(name="x", window="1h", check_every="1h", false_alarm=1e-6)
    pattern = flat_pattern(6.0, tuple(plan.categories))    # 6 billing complaints an hour are normal
    k = int(poisson_threshold(np.array([6.0]), 1e-6)[0])
    below = complaints(plan, [{"arrival_min": 61.0 + i * 0.5} for i in range(k - 1)])
    at = complaints(plan, [{"arrival_min": 61.0 + i * 0.5} for i in range(k)])
    assert complaint_rate_signals(below, pattern, rule, 180.0).empty
    signals = complaint_rate_signals(at, pattern, rule, 180.0)
    assert signals[["minute", "category", "observed", "threshold"]].values.tolist() == [[120.0, "billing", k, k]]
    assert signals["expected"].iloc[0] == pytest.approx(6.0)
    retries = complaints(plan, [{"arrival_min": 61.0}] + [{"arrival_min": 61.0 + i, "kind": "retry", "parent": 0}
                                                          for i in range(1, k)])
    assert complaint_rate_signals(retries, pattern, rule, 180.0).empty        # retries are not new complaints


def test_satisfaction_warns_when_clearly_below_target(plan):
    rule = SatisfactionTrend(name="x", window="1d", check_every="1d", confidence=0.99, minimum_surveys=30)
    # 100 surveys, x satisfied: warn when Wilson's upper end at 99 % is below 0.90.
    limit = max(x for x in range(101) if wilson(x, 100, 0.99)[1] < 0.90)

    def chains(x: int, n: int = 100) -> pd.DataFrame:
        return pd.DataFrame({"survey_min": np.full(n, 100.0), "satisfied": [1.0] * x + [0.0] * (n - x)})
    assert len(satisfaction_signals(chains(limit), rule, 0.90)) == 1
    assert satisfaction_signals(chains(limit + 1), rule, 0.90).empty
    assert satisfaction_signals(chains(0, n=29), rule, 0.90).empty             # too few surveys: no verdict
    assert len(satisfaction_signals(chains(0, n=30), rule, 0.90)) == 1


def test_churn_warns_from_the_rise():
    weekly = pd.DataFrame({"week": [0, 1, 2], "churn_rate": [0.011, 0.0109999, 0.01],
                           "churn_rate_baseline": [0.01, 0.01, 0.01]})
    signals = churn_signals(weekly, ChurnRate(name="x", rise=0.10))
    assert signals["minute"].tolist() == [7 * 1440.0]                          # week 0, known at its end
    assert activation_minute(signals) != activation_minute(signals)            # churn does not activate: NaN


def test_activation_takes_the_first_activating_indicator():
    signals = pd.DataFrame({"indicator": ["satisfaction_trend", "complaint_rate", "complaint_rate"],
                            "minute": [10.0, 30.0, 40.0], "activates": [False, True, True]})
    assert activation_minute(signals) == 30.0
    assert first_warnings(signals) == {"satisfaction_trend": 10.0, "complaint_rate": 30.0}
    assert math.isnan(activation_minute(signals.iloc[:1]))


def test_history_gives_the_hourly_pattern(plan):
    week = 7 * 1440.0
    rows = [{"arrival_min": 30.0}, {"arrival_min": week + 30.0}, {"arrival_min": 2 * week - 1}]
    pattern = NormalPattern.from_history(complaints(plan, rows), pd.Timestamp("2026-03-02T00:00").to_pydatetime(),
                                         tuple(plan.categories), span=2 * week)
    billing = list(plan.categories).index("billing")
    assert pattern.rates[0, billing] == pytest.approx(1.0)       # two Monday 00:xx complaints over two weeks
    assert pattern.rates[167, billing] == pytest.approx(0.5)
    half = NormalPattern.from_history(complaints(plan, rows[:1]), pd.Timestamp("2026-03-02T00:00").to_pydatetime(),
                                      tuple(plan.categories), span=90.0)     # an hour and a half of history
    assert half.rates[0, billing] == pytest.approx(1.0) and half.rates[1, billing] == 0.0


# --- the library: flagship and quiet week ------------------------------------------------------
def test_the_complaint_rate_warns_before_the_surge_trigger_on_the_flagship(library_runs):
    from sim.customers.warning import warning_signals
    for run in library_runs[0]:
        signals = warning_signals(run)
        surge = run.trigger_first_held["surge"]
        incident = run.scenario.incidents[0].at
        warned = first_warnings(signals)["complaint_rate"]
        assert incident < warned < surge
        assert activation_minute(signals) == warned
        first = signals.iloc[0]
        assert first["category"] == "product_quality"


def test_no_indicator_fires_in_the_quiet_week(library_runs):
    from sim.customers.outcomes import model_of_result
    from sim.customers.warning import warning_signals
    for run in library_runs[1]:
        weekly = model_of_result(run).outcome(()).weekly
        assert warning_signals(run, weekly=weekly).empty


def test_the_flagship_churn_warning_comes_from_its_public_crisis(library_runs):
    from sim.customers.outcomes import model_of_result
    from sim.customers.warning import warning_signals
    run = library_runs[0][0]
    signals = warning_signals(run, weekly=model_of_result(run).outcome(()).weekly)
    assert "churn_rate" in set(signals["indicator"])


def test_the_poisson_quantile_is_scipys_to_the_bit():
    # (computed without importing scipy.stats: the same special functions, the same steps)
    from scipy import stats

    from sim.customers.warning import poisson_ppf
    mu = np.concatenate([np.random.default_rng(3).random(5000) * 60, [0.0, 1e-9, 0.5, 6.0, 900.0, -1.0]])
    for q in (1 - 1e-6, 1 - 1e-5, 0.999, 0.5, 0.0, 1.0):
        assert np.array_equal(poisson_ppf(q, mu), stats.poisson.ppf(q, mu), equal_nan=True), q
