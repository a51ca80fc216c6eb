"""Parameter recovery: a history of 50 000+ contacts simulated from known parameters, calibrated back.

The truth is :func:`sim.history.synthetic.recovery_data` (8 weeks, ~38 contacts an hour, ~51 000
contacts), simulated once for the module. Tolerances, each justified by the standard error (SE) of what
is estimated, so that a correct calibration passes decisively and a wrong one (a rate read per day instead
of per hour, hours read as minutes, a profile shifted by the time zone, censoring ignored) fails:

* **hourly rates** (channel x hour of the week, rebuilt from the fitted per_hour, hourly and daily
  multipliers): within 10 %, or 4 SE for quiet night hours where 10 % is less than 4 SE (SE from the
  Poisson counts behind the hourly and daily multipliers and the channel's total);
* **mixes**: every share within 4 binomial SE (about 0.01 for categories, 0.02-0.04 for a grade row);
* **service-time means**: within 5 % where identified (resolve_minor exact, specialist resolve on the
  idle subset: SE 0.7 % and 1.6 %), intake (identified by difference, SE ~1.5 %) within 5 %; a time not
  identified (the logistics specialists' 30 min, hidden by consults) must be flagged, never written as
  identified;
* **patience** means within 4 SE of the censored fit (SE = 1/sqrt(hang-ups): 8 % hotline, 15 % chat);
* **satisfaction**: on_time within 0.01 (SE 0.0015), late_penalty within 0.05 and floor within 0.08
  (bootstrap intervals about +-0.03); the follow-up share within 0.02.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from sim.format.demand import Profile
from sim.format.load import scenario_from_dict
from sim.history.calibrate import base_from_dict, calibrate
from sim.history.fit_service import IDLE, UPPER
from sim.history.synthetic import recovery_data, synthetic_history

TZ = "Asia/Shanghai"


@pytest.fixture(scope="module")
def truth(plan):
    data = recovery_data(8)
    return data, scenario_from_dict(data, plan)


@pytest.fixture(scope="module")
def history(truth):
    return synthetic_history(truth[1], tz=TZ)


@pytest.fixture(scope="module")
def cal(truth, history, plan):
    return calibrate(history, base_from_dict(truth[0], plan), tz=TZ)


def test_the_history_is_large_enough(history):
    assert len(history) >= 50_000


def test_hourly_rates_by_channel_are_recovered(truth, cal):
    sc = truth[1]
    profile = Profile.model_validate("weekday_office")
    how = np.arange(168)
    true_shape = np.array(profile.hourly)[how % 24] * np.array(profile.weekly)[how // 24]
    total = sum(sc.arrivals.per_hour.values())
    weeks = cal.horizon / (7 * 1440)
    for ch, rate in sc.arrivals.per_hour.items():
        fitted = cal.arrivals.fitted(ch)
        true = rate * true_shape
        n_hour = total * np.array(profile.hourly)[how % 24] * 7 * weeks          # contacts behind a_h
        n_day = total * 24 * np.array(profile.weekly)[how // 24] * weeks         # contacts behind b_d
        n_channel = rate * 168 * weeks
        se = np.sqrt(1 / n_hour + 1 / n_day + 1 / n_channel)
        error = np.abs(fitted / true - 1)
        assert (error <= np.maximum(0.10, 4 * se)).all(), (ch, float(error.max()))
        busy = np.array(profile.hourly)[how % 24] >= 0.45
        assert error[busy].max() <= 0.10


def test_no_ordinary_day_is_flagged_as_a_holiday(cal):
    assert cal.arrivals.holidays == []


def test_mixes_are_recovered(truth, cal):
    sc, mix = truth[1], cal.mixes
    n = sum(mix.category_counts.values())
    for c, p in sc.arrivals.categories.items():
        assert abs(mix.categories.get(c, 0.0) - p) <= 4 * math.sqrt(p * (1 - p) / n), c
    for c in ("product_quality", "logistics", "other"):
        row, n_c = mix.severity[c], mix.severity_counts[c]
        for s, p in sc.arrivals.severity_mix(c).items():
            assert abs(row.get(s, 0.0) - p) <= 4 * math.sqrt(p * (1 - p) / n_c), (c, s)


def test_identified_service_times_are_recovered(cal):
    minor = cal.service_fit("frontline", "resolve_minor")
    assert minor.estimator == "exact" and minor.fit.mean == pytest.approx(8.0, rel=0.05)
    assert minor.fit.family == "lognormal" and minor.fit.cv == pytest.approx(0.8, rel=0.10)
    intake = cal.service_fit("frontline", "intake")
    assert intake.estimator == "difference" and intake.fit.mean == pytest.approx(6.0, rel=0.05)
    resolve = cal.service_fit("specialist", "resolve")
    assert resolve.estimator == IDLE and resolve.fit.mean == pytest.approx(45.0, rel=0.05)


def test_a_time_hidden_by_consults_is_never_written_as_identified(cal):
    logistics = cal.service_fit("specialist", "resolve", "logistics")
    assert logistics is None or logistics.estimator == UPPER


def test_patience_is_recovered_with_censoring(cal):
    for channel, mean in (("hotline", 5.0), ("chat", 12.0)):
        fit = cal.patience[channel]
        assert fit.censored > fit.n                     # most callers were answered: censored, not dropped
        assert fit.mean == pytest.approx(mean, rel=4 / math.sqrt(fit.n)), channel


def test_satisfaction_and_follow_up_are_recovered(cal):
    s = cal.satisfaction
    assert s.on_time[0] == pytest.approx(0.93, abs=0.01)
    assert s.late_penalty[0] == pytest.approx(0.25, abs=0.05)
    assert s.floor[0] == pytest.approx(0.20, abs=0.08)
    assert s.follow_up_share == pytest.approx(0.6, abs=0.02)


def test_no_retries_are_invented(cal):
    assert cal.retries.retried == 0 and cal.retries.abandoned > 1000
