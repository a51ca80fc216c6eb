"""The simulator against queueing theory: the M/M/c reduction (scenarios/validation/mmc.yaml and variants)
matches Erlang C, and with exponential patience matches Erlang A (M/M/c+M).

Tolerance: the replication mean must be within 2 % of the analytic value for the wait probability and
the share answered within t, with the 95 % CI covering the analytic value. The mean wait is far noisier
(its variance grows like 1/(1-rho)^4): it must be within 2 % or within its own CI half-width, whichever is
larger, and its CI must cover the analytic value. Sample sizes (~0.3-0.6 M customers per case) are the
smallest that keep these checks decisive.
"""
import pandas as pd
import pytest

from sim import replicate
from sim.format.load import scenario_from_dict
from sim.simulation.frames import share_waiting_under
from sim.simulation.metrics import summarise
from sim.simulation.replication import simulate
from sim.staffing import erlang_a, erlang_c


def variant(mmc, per_hour, mean_service, staff, days, patience=None):
    data = mmc.model_dump(mode="json", by_alias=True)
    data["arrivals"]["per_hour"] = {"hotline": per_hour}
    data["service_times"]["frontline"]["intake"] = {"exponential": {"mean": f"{mean_service}min"}}
    data["staffing"]["frontline"]["shifts"] = [{"from": "00:00", "to": "24:00", "staff": staff}]
    data["horizon"] = f"{days}d"
    data["warm_up"] = "12h"
    if patience is not None:
        data["patience"] = {"hotline": {"exponential": {"mean": f"{patience}min"}}}
    return scenario_from_dict(data, mmc.plan, name="mmc-variant")


def _check(summary, kpi, analytic, strict=True):
    row = summary.set_index("kpi").loc[kpi]
    mean, lo, hi = row["mean"], row["ci_low"], row["ci_high"]
    assert lo <= analytic <= hi, f"{kpi}: 95% CI [{lo:.5f}, {hi:.5f}] misses the analytic {analytic:.5f}"
    tolerance = 0.02 * analytic if strict else max(0.02 * analytic, (hi - lo) / 2)
    assert abs(mean - analytic) <= tolerance, f"{kpi}: {mean:.5f} vs analytic {analytic:.5f}"


# (arrivals per hour, mean service minutes, agents, days, replications): utilisation 0.5 to 0.95
ERLANG_C_CASES = [
    (30, 2, 2, 8, 16),       # rho 0.50
    (24, 10, 5, 30, 12),     # rho 0.80 (the shipped mmc.yaml)
    (216, 5, 20, 6, 10),     # rho 0.90
    (114, 6, 12, 8, 12),     # rho 0.95
]


@pytest.mark.parametrize("per_hour,mean_service,staff,days,reps", ERLANG_C_CASES)
def test_matches_erlang_c(mmc, per_hour, mean_service, staff, days, reps):
    sc = mmc if (per_hour, mean_service, staff, days) == (24, 10, 5, 30) else \
        variant(mmc, per_hour, mean_service, staff, days)
    result = replicate(sc, n=reps, seed=11, progress=False)
    theory = erlang_c(per_hour / 60, 1 / mean_service, staff)
    _check(result.summary, "wait_probability", theory.wait_probability)
    _check(result.summary, "mean_wait_min", theory.mean_wait, strict=False)
    _check(result.summary, "utilisation.frontline", theory.utilisation)
    assert result.summary.set_index("kpi").loc["abandon_rate", "mean"] == 0


def test_share_answered_within_t_matches_erlang_c(mmc):
    theory = erlang_c(24 / 60, 1 / 10, 5)
    shares = {t: [] for t in (1.0, 5.0, 15.0)}
    for i in range(8):
        res = simulate(mmc, seed=5, replication=i)
        for t, values in shares.items():
            values.append(share_waiting_under(res.complaints, t, mmc.warm_up))
    summary = summarise(pd.DataFrame({f"sl_{t:g}": v for t, v in shares.items()}), mmc.plan)
    for t in shares:
        _check(summary, f"sl_{t:g}", theory.service_level(t))


ERLANG_A_CASES = [
    (24, 10, 4, 5, 20, 10),     # offered load equals capacity: stable only through abandonment
    (60, 5, 5, 10, 10, 10),     # rho 0.5 offered, patient customers
]


@pytest.mark.parametrize("per_hour,mean_service,staff,patience,days,reps", ERLANG_A_CASES)
def test_matches_erlang_a(mmc, per_hour, mean_service, staff, patience, days, reps):
    sc = variant(mmc, per_hour, mean_service, staff, days, patience=patience)
    result = replicate(sc, n=reps, seed=13, progress=False)
    theory = erlang_a(per_hour / 60, 1 / mean_service, 1 / patience, staff)
    _check(result.summary, "wait_probability", theory.wait_probability)
    _check(result.summary, "abandon_rate", theory.abandon_rate)
    _check(result.summary, "mean_wait_min", theory.mean_wait, strict=False)
