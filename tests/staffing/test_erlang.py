"""Analytic queueing in sim.staffing: Erlang C (M/M/c) and Erlang A (M/M/c+M).

Sources of the expected numbers:
[PWF-C] pyworkforce 0.5.1 (PyPI), pyworkforce/queuing/tests/test_erlang.py: ErlangC(transactions=100,
        aht=3, interval=30) with 14 positions asserts waiting_probability 0.174 and service_level 0.888
        (3 decimals, asa=0.33 min). The 6-decimal values below are pyworkforce 0.5.1's own
        ErlangC.waiting_probability(14) / service_level(14) with asa=20/60 (0.174132, 0.888350).
[PWF-A] pyworkforce (GitHub main; ErlangA is not in any PyPI release yet),
        pyworkforce/queuing/tests/test_abandonment.py::test_erlanga_regression_metrics: same traffic,
        patience=5 min, 14 positions -> waiting 0.14526, abandonment 0.013984, occupancy 0.704297,
        average_speed_of_answer 0.069919, service_level(asa=20/60) 0.916792.
[GSTH]  Gross, Shortle, Thompson & Harris, "Fundamentals of Queueing Theory", 4th ed. (Wiley 2008),
        sec. 2.2 (M/M/1: P(wait) = rho, Wq = rho / (mu - lambda), P(Wq > t) = rho e^{-(mu - lambda) t})
        and sec. 2.3 (M/M/c; for c = 2: P(wait) = 2 rho^2 / (1 + rho), Wq = rho^2 / (mu (1 - rho^2))).
[CTMC]  An independent brute force in this file: the truncated birth-death chain of M/M/c+M for the
        stationary metrics, and a tagged caller's absorbing chain (scipy.linalg.expm) for waits.
"""
import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.linalg import expm
from scipy.special import gammaincc, gammaln

from sim.staffing import QueueMetrics, erlang_a, erlang_c, fewest_servers

# pyworkforce's example, in minutes: 100 calls per 30 min, 3 min handling, 5 min patience, 20 s target.
LAM, MU, THETA, T20 = 100 / 30, 1 / 3, 1 / 5, 20 / 60


# --- published examples -------------------------------------------------------------------------

def test_erlang_c_pyworkforce_example():  # [PWF-C]
    m = erlang_c(LAM, MU, 14)
    assert isinstance(m, QueueMetrics)
    assert m.offered_load == pytest.approx(10.0)
    assert m.wait_probability == pytest.approx(0.174132, abs=1e-6)
    assert m.service_level(T20) == pytest.approx(0.888350, abs=1e-6)
    assert m.utilisation == pytest.approx(0.714286, abs=1e-6)
    assert m.mean_wait == pytest.approx(0.174132 / (14 / 3 - LAM), rel=1e-5)  # Wq = C / (c mu - lambda)
    assert m.abandon_rate == 0.0
    assert m.share_waiting_under(T20) == m.service_level(T20)
    assert m.share_waiting_more_than(T20) == pytest.approx(1 - 0.888350, abs=1e-6)


def test_erlang_a_pyworkforce_example():  # [PWF-A]
    m = erlang_a(LAM, MU, THETA, 14)
    assert m.wait_probability == pytest.approx(0.145260, abs=1e-6)
    assert m.abandon_rate == pytest.approx(0.013984, abs=1e-6)
    assert m.mean_wait == pytest.approx(0.069919, abs=1e-6)  # over ALL arrivals
    assert m.utilisation == pytest.approx(0.704297, abs=1e-6)
    # pyworkforce's service level: answered within 20 s, over ALL arrivals (abandoners are failures).
    assert m.service_level(T20) == pytest.approx(0.916792, abs=1e-6)
    # ...which is not the share of *answered* calls answered within 20 s (that would be 0.9298).
    assert m.service_level(T20) / (1 - m.abandon_rate) == pytest.approx(0.929794, abs=1e-6)
    # Little's law: theta E[queue] = lambda P(abandon) and E[wait] = E[queue] / lambda.
    assert m.mean_wait == pytest.approx(m.abandon_rate / THETA, rel=1e-12)
    # Waiting <= t counts abandoners who left before t, answered-within-t does not.
    assert m.service_level(T20) < m.share_waiting_under(T20) < 1


def test_fewest_servers_pyworkforce_example():  # [PWF-C]: required_positions(0.8) -> raw_positions 14
    assert fewest_servers(LAM, MU, service_level=0.8, within=0.33) == 14
    assert erlang_c(LAM, MU, 13).service_level(0.33) < 0.8 <= erlang_c(LAM, MU, 14).service_level(0.33)


# --- textbook closed forms [GSTH] ---------------------------------------------------------------

@pytest.mark.parametrize("rho", [0.1, 0.5, 0.9, 0.99])
def test_mm1_closed_forms(rho):
    mu = 2.0
    lam = rho * mu
    m = erlang_c(lam, mu, 1)
    assert m.wait_probability == pytest.approx(rho, rel=1e-12)
    assert m.mean_wait == pytest.approx(rho / (mu - lam), rel=1e-12)
    for t in (0.0, 0.3, 4.0):
        assert m.share_waiting_more_than(t) == pytest.approx(rho * math.exp(-(mu - lam) * t), rel=1e-12)


@pytest.mark.parametrize("rho", [0.2, 0.75, 0.95])
def test_mm2_closed_forms(rho):
    mu = 0.5
    m = erlang_c(2 * rho * mu, mu, 2)
    assert m.wait_probability == pytest.approx(2 * rho**2 / (1 + rho), rel=1e-12)
    assert m.mean_wait == pytest.approx(rho**2 / (mu * (1 - rho**2)), rel=1e-12)


def test_erlang_c_large_matches_poisson_form():
    # Independent route: Erlang B = Poisson pmf / cdf (the cdf being Q(c + 1, load)), then
    # Erlang C = B / (1 - rho (1 - B)).
    for c, load in [(500, 480.0), (1000, 950.0), (1000, 999.0)]:
        b = math.exp(c * math.log(load) - load - gammaln(c + 1)) / gammaincc(c + 1, load)
        expected = b / (1 - load / c * (1 - b))
        assert erlang_c(load, 1.0, c).wait_probability == pytest.approx(expected, rel=1e-9)


# --- Erlang A against the brute-force chain [CTMC] ----------------------------------------------

def brute_force_erlang_a(lam, mu, theta, c, t, extra=120):
    n = np.arange(1, c + extra + 1)
    death = np.minimum(n, c) * mu + np.maximum(n - c, 0) * theta
    logp = np.concatenate([[0.0], np.cumsum(np.log(lam / death))])
    p = np.exp(logp - logp.max())
    p /= p.sum()
    queue_len = (np.maximum(np.arange(len(p)) - c, 0) * p).sum()
    # Tagged caller with j ahead: advances at c mu + j theta (head of line: answered at c mu) and hangs
    # up at theta. States 0..extra-1, then "answered" (absorbing); "hung up" is the missing mass.
    q = np.zeros((extra + 1, extra + 1))
    for j in range(extra):
        q[j, j] = -(c * mu + j * theta + theta)
        q[j, j - 1 if j else extra] = c * mu + j * theta
    e = expm(q * t)
    arrive_to = p[c:c + extra]  # PASTA: an arrival finding n >= c has n - c callers ahead
    return {
        "wait_probability": p[c:].sum(),
        "abandon_rate": theta * queue_len / lam,
        "mean_wait": queue_len / lam,
        "service_level": p[:c].sum() + (arrive_to * e[:extra, extra]).sum(),
        "share_waiting_more_than": (arrive_to * e[:extra, :extra].sum(axis=1)).sum(),
    }


@pytest.mark.parametrize("lam, mu, theta, c, t", [
    (LAM, MU, THETA, 14, T20),
    (LAM, MU, THETA, 9, 1.0),      # fewer agents than the offered load: fine with abandonment
    (0.9, 1.0, 0.05, 1, 0.5),      # single agent, very patient callers
    (12.0, 1.0, 4.0, 10, 0.1),     # overloaded, impatient
    (8.0, 1.0, 1e-3, 10, 0.5),     # nearly Erlang C
    (30.0, 1.0, 0.5, 25, 0.0),     # t = 0
])
def test_erlang_a_matches_brute_force_chain(lam, mu, theta, c, t):
    m = erlang_a(lam, mu, theta, c)
    ref = brute_force_erlang_a(lam, mu, theta, c, t)
    assert m.wait_probability == pytest.approx(ref["wait_probability"], abs=1e-10)
    assert m.abandon_rate == pytest.approx(ref["abandon_rate"], abs=1e-10)
    assert m.mean_wait == pytest.approx(ref["mean_wait"], rel=1e-9)
    assert m.service_level(t) == pytest.approx(ref["service_level"], abs=1e-10)
    assert m.share_waiting_more_than(t) == pytest.approx(ref["share_waiting_more_than"], abs=1e-10)


# --- limits --------------------------------------------------------------------------------------

@pytest.mark.parametrize("lam, mu, c", [(LAM, MU, 14), (3.3, 1.0, 4), (0.5, 1.0, 1), (95.0, 1.0, 100),
                                        (900.0, 1.0, 1000)])
def test_erlang_a_tends_to_erlang_c_for_patient_callers(lam, mu, c):
    a, e = erlang_a(lam, mu, 1e-9, c), erlang_c(lam, mu, c)
    assert a.wait_probability == pytest.approx(e.wait_probability, rel=1e-6)
    assert a.mean_wait == pytest.approx(e.mean_wait, rel=1e-6)
    assert a.utilisation == pytest.approx(e.utilisation, rel=1e-6)
    assert a.abandon_rate < 1e-8
    for t in (0.0, 0.1, 1.0):
        assert a.service_level(t) == pytest.approx(e.service_level(t), abs=1e-6)
        assert a.share_waiting_more_than(t) == pytest.approx(e.share_waiting_more_than(t), abs=1e-6)


@pytest.mark.parametrize("load, c", [(10.0, 14), (5.0, 3), (20.0, 20)])
def test_erlang_a_tends_to_loss_system_for_impatient_callers(load, c):
    # Callers who hang up at once: M/M/c/c, whose blocking is Erlang B (here from factorials, small c).
    b = load**c / math.factorial(c) / sum(load**k / math.factorial(k) for k in range(c + 1))
    m = erlang_a(load, 1.0, 1e9, c)
    assert m.wait_probability == pytest.approx(b, abs=1e-6)
    assert m.abandon_rate == pytest.approx(b, abs=1e-6)
    assert m.mean_wait == pytest.approx(0.0, abs=1e-6)
    assert m.service_level(0.01) == pytest.approx(1 - b, abs=1e-6)


def test_zero_arrivals():
    for m in (erlang_c(0, 1.0, 3), erlang_a(0, 1.0, 0.5, 3)):
        assert (m.wait_probability, m.mean_wait, m.abandon_rate, m.utilisation) == (0.0, 0.0, 0.0, 0.0)
        assert m.service_level(0.0) == 1.0


# --- many agents: no overflow, sensible, monotone ------------------------------------------------

@pytest.mark.parametrize("c", [500, 1000])
@pytest.mark.parametrize("rho", [0.5, 0.95, 0.999])
def test_hundreds_of_agents_erlang_c(c, rho):
    servers = range(c, c + 40, 3)
    ms = [erlang_c(rho * c, 1.0, s) for s in servers]
    for m in ms:
        for v in (m.wait_probability, m.service_level(0.05), m.utilisation):
            assert math.isfinite(v) and 0.0 <= v <= 1.0
        assert math.isfinite(m.mean_wait) and m.mean_wait >= 0
    pw = [m.wait_probability for m in ms]
    assert all(x >= y for x, y in itertools.pairwise(pw))
    sl = [m.service_level(0.05) for m in ms]
    assert all(x <= y for x, y in itertools.pairwise(sl))


@pytest.mark.parametrize("c", [500, 1000])
@pytest.mark.parametrize("rho, theta", [(0.5, 1.0), (0.99, 0.01), (1.2, 0.5), (3.0, 1e-3), (1.0, 1e-6)])
def test_hundreds_of_agents_erlang_a(c, rho, theta):
    ms = [erlang_a(rho * c, 1.0, theta, s) for s in range(c - 30, c + 31, 6)]
    for m in ms:
        for v in (m.wait_probability, m.abandon_rate, m.utilisation, m.service_level(0.05),
                  m.share_waiting_under(0.05)):
            assert math.isfinite(v) and 0.0 <= v <= 1.0
        assert math.isfinite(m.mean_wait) and 0 <= m.mean_wait <= 1 / theta
        assert m.service_level(0.05) <= m.share_waiting_under(0.05) + 1e-12
    for name in ("wait_probability", "abandon_rate", "mean_wait"):
        values = [getattr(m, name) for m in ms]
        assert all(x >= y * (1 - 1e-12) for x, y in itertools.pairwise(values)), name


# --- errors --------------------------------------------------------------------------------------

def test_unstable_erlang_c_names_the_numbers():
    expected = r"unstable queue: offered load 14\.2 Erlang needs more than 14 servers"
    with pytest.raises(ValueError, match=expected):
        erlang_c(14.2, 1.0, 14)
    with pytest.raises(ValueError, match="unstable"):
        erlang_c(LAM, MU, 10)  # exactly critical: load 10 on 10 agents


@pytest.mark.parametrize("args", [
    (-1.0, 1.0, 3), (1.0, 0.0, 3), (1.0, -2.0, 3), (math.nan, 1.0, 3), (1.0, math.inf, 3),
    (1.0, 1.0, 0), (1.0, 1.0, -2), (1.0, 1.0, 2.5), (1.0, 1.0, 3.0), (1.0, 1.0, True), (1.0, 1.0, "3"),
])
def test_bad_arguments(args):
    lam, mu, c = args
    with pytest.raises(ValueError):
        erlang_c(lam, mu, c)
    with pytest.raises(ValueError):
        erlang_a(lam, mu, 0.5, c)


@pytest.mark.parametrize("theta", [0, -0.1, math.nan, math.inf, None])
def test_erlang_a_needs_positive_abandon_rate(theta):
    with pytest.raises(ValueError, match="abandon_rate"):
        erlang_a(1.0, 1.0, theta, 3)


def test_bad_times():
    m = erlang_a(LAM, MU, THETA, 14)
    for bad in (-1.0, math.nan):
        for method in (m.service_level, m.share_waiting_under, m.share_waiting_more_than):
            with pytest.raises(ValueError):
                method(bad)
    assert m.service_level(math.inf) == pytest.approx(1 - m.abandon_rate, abs=1e-12)
    assert m.share_waiting_under(math.inf) == 1.0


@pytest.mark.parametrize("kwargs", [
    {},                                             # no target
    {"service_level": 0.8},                         # without `within`
    {"within": 0.3},                                # without `service_level`
    {"service_level": 1.0, "within": 0.3},          # unattainable
    {"max_wait_probability": 0.0},
    {"target_wait": 0.0},
    {"max_abandon": 1.5, "abandon_rate": 0.2},
])
def test_fewest_servers_rejects_bad_targets(kwargs):
    with pytest.raises(ValueError):
        fewest_servers(LAM, MU, **kwargs)


# --- fewest_servers against a plain scan -----------------------------------------------------------

def scan(model, pred, start=1):
    c = start
    while True:
        try:
            m = model(c)
        except ValueError:  # unstable Erlang C
            c += 1
            continue
        if pred(m):
            return c
        c += 1


@pytest.mark.parametrize("lam, mu", [(LAM, MU), (0.4, 1.0), (97.0, 1.0), (480.0, 2.0)])
def test_fewest_servers_erlang_c(lam, mu):
    model = lambda c: erlang_c(lam, mu, c)
    assert fewest_servers(lam, mu, service_level=0.8, within=T20) == scan(
        model, lambda m: m.service_level(T20) >= 0.8)
    assert fewest_servers(lam, mu, target_wait=0.05) == scan(model, lambda m: m.mean_wait <= 0.05)
    assert fewest_servers(lam, mu, max_wait_probability=0.1, service_level=0.9, within=0.1) == scan(
        model, lambda m: m.wait_probability <= 0.1 and m.service_level(0.1) >= 0.9)


@pytest.mark.parametrize("lam, mu, theta", [(LAM, MU, THETA), (10.0, 1.0, 5.0), (200.0, 1.0, 0.3)])
def test_fewest_servers_erlang_a(lam, mu, theta):
    model = lambda c: erlang_a(lam, mu, theta, c)
    assert fewest_servers(lam, mu, max_abandon=0.05, abandon_rate=theta) == scan(
        model, lambda m: m.abandon_rate <= 0.05)
    both = fewest_servers(lam, mu, service_level=0.8, within=T20, max_abandon=0.02, abandon_rate=theta)
    assert both == scan(model, lambda m: m.service_level(T20) >= 0.8 and m.abandon_rate <= 0.02)


def test_fewest_servers_erlang_a_can_go_below_the_load():
    # Callers who hang up after 12 s on average: half of them may leave, so fewer than 10 agents suffice.
    c = fewest_servers(10.0, 1.0, max_abandon=0.5, abandon_rate=5.0)
    assert c < 10
    assert erlang_a(10.0, 1.0, 5.0, c).abandon_rate <= 0.5 < erlang_a(10.0, 1.0, 5.0, c - 1).abandon_rate


# --- properties ----------------------------------------------------------------------------------

rates = st.floats(0.05, 50.0)
patience = st.floats(1e-3, 20.0)


@settings(max_examples=60, deadline=None)
@given(lam=rates, mu=rates, theta=patience, extra=st.integers(0, 30))
def test_more_agents_never_wait_more(lam, mu, theta, extra):
    c = math.floor(lam / mu) + 1 + extra
    for model in (lambda s: erlang_c(lam, mu, s), lambda s: erlang_a(lam, mu, theta, s)):
        now, more = model(c), model(c + 1)
        assert 0.0 <= more.wait_probability <= now.wait_probability * (1 + 1e-12) <= 1.0 + 1e-12
        assert more.mean_wait <= now.mean_wait * (1 + 1e-12)


@settings(max_examples=60, deadline=None)
@given(lam=rates, mu=rates, theta=patience, c=st.integers(1, 60),
       t1=st.floats(0.0, 10.0), t2=st.floats(0.0, 10.0))
def test_service_level_grows_with_the_target_time(lam, mu, theta, c, t1, t2):
    t1, t2 = sorted((t1, t2))
    models = [erlang_a(lam, mu, theta, c)]
    if lam < c * mu:
        models.append(erlang_c(lam, mu, c))
    for m in models:
        for f in (m.service_level, m.share_waiting_under):
            assert 0.0 <= f(t1) <= f(t2) + 1e-12 <= 1.0 + 1e-12
