"""Erlang C and Erlang A: how a queue with ``c`` agents performs, in closed form.

These are the classic call-centre models. They answer "how many agents for this arrival rate?" in
microseconds, so a planner gets a first answer (and the simulator a yardstick) before anything runs.

What both assume (a real centre breaks each a little; the simulator in :mod:`sim.simulation` does not
need them):

* arrivals are Poisson at a constant rate ``lambda``: one steady hour, not a day with a profile;
* handling times are exponential with rate ``mu`` (mean ``1 / mu``), independent of everything else;
* ``c`` identical agents serve one first-come-first-served queue, and nobody is turned away.

**Erlang C** (M/M/c) adds: callers wait as long as it takes. The queue is stable only while the offered
load ``lambda / mu`` (in Erlangs: agents' worth of work arriving) is below ``c``; at or above it the
queue grows without bound and :func:`erlang_c` refuses.

**Erlang A** (M/M/c+M, Palm's model) adds instead: every waiting caller hangs up after an exponential
patience with rate ``theta`` (``1 / mean patience``). Hanging up drains the queue, so it is stable for
any load, and fewer agents than the load still answer most calls. As ``theta -> 0`` it becomes Erlang C.

All rates share one time unit (e.g. per minute); waits come back in that unit.

A textbook M/M/3 queue offered 2 Erlangs: an arrival waits with probability 4/9, and the mean wait is
``P(wait) / (c mu - lambda)`` = 4/9 of a handling time:

>>> m = erlang_c(arrival_rate=2.0, service_rate=1.0, servers=3)
>>> round(m.wait_probability, 4), round(m.mean_wait, 4), round(m.utilisation, 4)
(0.4444, 0.4444, 0.6667)

pyworkforce's example (100 calls per 30 minutes, 3 minutes' handling, 14 agents), without and with a
5-minute mean patience, and the agents needed to answer 80 % within 20 seconds:

>>> round(erlang_c(100 / 30, 1 / 3, 14).wait_probability, 6)
0.174132
>>> a = erlang_a(100 / 30, 1 / 3, 1 / 5, 14)
>>> round(a.wait_probability, 6), round(a.abandon_rate, 6), round(a.service_level(20 / 60), 6)
(0.14526, 0.013984, 0.916792)
>>> fewest_servers(100 / 30, 1 / 3, service_level=0.8, within=20 / 60)
14

Definitions (the simulator's KPIs are measured the same way, so the two are comparable; they match
pyworkforce's ErlangC / ErlangA, github.com/rodrigo-arenas/pyworkforce):

* ``wait_probability``: share of ARRIVALS that find all agents busy (callers who later hang up count);
* ``mean_wait``: mean time in queue over ALL arrivals: 0 for those served at once, the time until they
  hung up for abandoners;
* ``abandon_rate``: share of arrivals that hang up before being answered (0 under Erlang C);
* ``utilisation``: share of agent time spent handling calls (answered load / agents).

How Erlang A is computed: Garnett, Mandelbaum & Reiman (2002), "Designing a call center with impatient
customers", M&SOM 4(3); Mandelbaum & Zeltyn (2004), "The M/M/n+G queue: summary of performance measures"
(offered-wait density ``f_V(x) = lambda p_{n-1} exp(lambda H(x) - n mu x)``). Both are written here with
``a = n mu / theta``, ``y = lambda / theta`` and the series

    M(a, y) = sum_{j>=0} y^j / ((a+1)(a+2)...(a+j)) = e^y y^-a Gamma(a+1) P(a, y),

the weight of the queue states relative to "all agents busy, nobody waiting". Working with ``log M`` and
with ratios of ``M`` keeps everything finite for thousands of agents (no factorials, no ``y^a``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
from scipy.special import gammainc  # the regularised incomplete gamma P(a, x) of the Erlang A series

__all__ = ["QueueMetrics", "erlang_a", "erlang_c", "fewest_servers"]


@dataclass(frozen=True)
class QueueMetrics:
    """Steady-state performance of one queue with a fixed number of agents.

    Build it with :func:`erlang_c` or :func:`erlang_a`. Times are in the unit of the rates.

    Attributes
    ----------
    servers: number of agents ``c``.
    offered_load: ``arrival_rate / service_rate`` in Erlang (agents' worth of work arriving).
    utilisation: share of agent time spent on calls; Erlang C: ``offered_load / servers``;
        Erlang A: ``offered_load * (1 - abandon_rate) / servers`` (abandoners use no agent time).
    wait_probability: P(an arrival finds all agents busy), over all arrivals, abandoners included.
    mean_wait: E[time in queue] over all arrivals (0 if answered at once; an abandoner's wait is the
        time until they hung up).
    abandon_rate: P(an arrival hangs up before being answered); 0 for Erlang C. (Not to be confused
        with the ``abandon_rate`` *argument* of :func:`erlang_a`, which is stored as ``patience_rate``.)
    arrival_rate, service_rate: the model inputs.
    patience_rate: 1 / mean patience (the ``abandon_rate`` argument of :func:`erlang_a`); 0 = Erlang C.
    """

    servers: int
    offered_load: float
    utilisation: float
    wait_probability: float
    mean_wait: float
    abandon_rate: float
    arrival_rate: float
    service_rate: float
    patience_rate: float = 0.0

    def share_waiting_more_than(self, t: float) -> float:
        """P(time in queue > ``t``) over all arrivals.

        Erlang C: ``wait_probability * exp(-(c mu - lambda) t)``.
        Erlang A: an abandoner's time in queue is its time until hanging up, so this is
        P(offered wait > t) * P(patience > t).
        """
        t = _check_time(t)
        if self.wait_probability == 0.0:
            return 0.0
        if self.patience_rate == 0.0:
            drain = self.servers * self.service_rate - self.arrival_rate  # spare capacity, > 0 when stable
            return self.wait_probability * math.exp(-drain * t)
        a, y, theta = self._a_y_theta()
        # P(offered wait V > t | wait) = P(a, y e^-theta t) / P(a, y), from integrating f_V.
        v_beyond_t = math.exp(_log_p_ratio(a, 0, y, theta * t))
        return min(1.0, self.wait_probability * v_beyond_t * math.exp(-theta * t))

    def share_waiting_under(self, t: float) -> float:
        """P(time in queue <= ``t``) over all arrivals (abandoners counted with their time until hanging up).

        For Erlang C this equals :meth:`service_level`.
        """
        return 1.0 - self.share_waiting_more_than(t)

    def service_level(self, t: float) -> float:
        """Share of ALL arrivals that are answered within ``t``.

        Erlang C: P(wait <= t) (everyone is answered eventually).
        Erlang A (pyworkforce's definition): P(answered and wait <= t); callers who hang up count as
        failures in the numerator and stay in the denominator, even if they hung up before ``t``.
        So it is <= :meth:`share_waiting_under` and tends to ``1 - abandon_rate`` as t grows. For
        "share of answered calls answered within t" divide by ``1 - abandon_rate``.
        """
        if self.patience_rate == 0.0:
            return self.share_waiting_under(t)
        t = _check_time(t)
        if self.wait_probability == 0.0:
            return 1.0
        a, y, theta = self._a_y_theta()
        # A waiting caller is answered iff their offered wait V beats their patience, so
        # P(answered, V <= t | wait) = E[exp(-theta V); V <= t | wait]; integrating f_V gives
        # (a / y) [P(a+1, y) - P(a+1, u)] / P(a, y) with u = y e^-theta t, and
        # (a / y) P(a+1, y) / P(a, y) = (a / y)(1 - 1/M(a, y)) = P(answered | wait).
        answered = (a / y) * -math.expm1(-_log_m(a, y))
        late = (a / y) * math.exp(_log_p_ratio(a, 1, y, theta * t))
        return min(1.0, (1.0 - self.wait_probability) + self.wait_probability * max(0.0, answered - late))

    def _a_y_theta(self) -> tuple[float, float, float]:
        theta = self.patience_rate
        return self.servers * self.service_rate / theta, self.arrival_rate / theta, theta


def erlang_c(arrival_rate: float, service_rate: float, servers: int) -> QueueMetrics:
    """Erlang C (M/M/c) metrics: callers wait as long as it takes.

    ``wait_probability`` is the Erlang C formula, ``mean_wait = wait_probability / (c mu - lambda)`` over
    all arrivals, ``service_level(t) = P(wait <= t) = 1 - wait_probability * exp(-(c mu - lambda) t)``.

    Raises ``ValueError`` if ``arrival_rate >= servers * service_rate`` (the queue grows without bound).
    """
    lam, mu, c = _check_inputs(arrival_rate, service_rate, servers)
    load = lam / mu
    if lam >= c * mu:
        raise ValueError(
            f"unstable queue: offered load {load:.4g} Erlang needs more than {c} servers "
            f"(arrival_rate {lam:.4g} >= {c} x service_rate {mu:.4g}); add agents or use erlang_a"
        )
    b = _erlang_b(c, load)
    rho = load / c
    wait_probability = b / (1.0 - rho * (1.0 - b))
    return QueueMetrics(
        servers=c, offered_load=load, utilisation=rho, wait_probability=wait_probability,
        mean_wait=wait_probability / (c * mu - lam), abandon_rate=0.0,
        arrival_rate=lam, service_rate=mu,
    )


def erlang_a(arrival_rate: float, service_rate: float, abandon_rate: float, servers: int) -> QueueMetrics:
    """Erlang A (M/M/c+M) metrics: waiting callers hang up at rate ``abandon_rate`` (= 1 / mean patience).

    Definitions follow pyworkforce's ``ErlangA`` (its regression values are reproduced to 1e-6):
    ``wait_probability`` = P(all agents busy on arrival), ``abandon_rate`` = P(hang up),
    ``mean_wait`` = E[time in queue] over all arrivals (= abandon_rate / patience rate, by Little's law),
    ``service_level(t)`` = P(answered within t) over all arrivals; see :class:`QueueMetrics`.
    Stable for any load, so ``servers`` may be below the offered load.
    """
    lam, mu, c = _check_inputs(arrival_rate, service_rate, servers)
    theta = _check_rate("abandon_rate", abandon_rate)
    load = lam / mu
    if lam == 0.0:
        return QueueMetrics(servers=c, offered_load=0.0, utilisation=0.0, wait_probability=0.0, mean_wait=0.0,
                            abandon_rate=0.0, arrival_rate=lam, service_rate=mu, patience_rate=theta)
    a, y = c * mu / theta, lam / theta
    b = _erlang_b(c, load)
    log_m, mean_queue = _queue_given_wait(a, y)
    # P(wait) = M B / (1 + (M - 1) B), rearranged so that a huge M cannot overflow.
    wait_probability = b / (b + (1.0 - b) * math.exp(-log_m))
    abandon = wait_probability * mean_queue / y  # Little: theta E[queue] = lambda P(abandon)
    return QueueMetrics(
        servers=c, offered_load=load, utilisation=min(1.0, load * (1.0 - abandon) / c),
        wait_probability=wait_probability, mean_wait=wait_probability * mean_queue / lam,
        abandon_rate=abandon, arrival_rate=lam, service_rate=mu, patience_rate=theta,
    )


def fewest_servers(
    arrival_rate: float,
    service_rate: float,
    *,
    target_wait: float | None = None,
    service_level: float | None = None,
    within: float | None = None,
    max_wait_probability: float | None = None,
    max_abandon: float | None = None,
    abandon_rate: float | None = None,
) -> int:
    """Smallest number of agents meeting every given target (Erlang C, or Erlang A if ``abandon_rate``).

    Targets (give at least one): ``target_wait`` >= ``mean_wait``; ``service_level`` <=
    ``QueueMetrics.service_level(within)`` (the two go together); ``max_wait_probability`` >=
    ``wait_probability``; ``max_abandon`` >= ``abandon_rate`` (always met under Erlang C).
    """
    lam, mu, _ = _check_inputs(arrival_rate, service_rate, 1)
    if (service_level is None) != (within is None):
        raise ValueError("service_level and within go together: e.g. service_level=0.8, within=20/60")
    if target_wait is not None:
        _check_rate("target_wait", target_wait)
    if within is not None:
        _check_time(within)
        if not (isinstance(service_level, Real) and 0 <= service_level < 1):
            raise ValueError(f"service_level must be in [0, 1), got {service_level!r}")
    for name, value in (("max_wait_probability", max_wait_probability), ("max_abandon", max_abandon)):
        if value is not None and not (isinstance(value, Real) and 0 < value <= 1):
            raise ValueError(f"{name} must be in (0, 1], got {value!r}")
    if all(v is None for v in (target_wait, service_level, max_wait_probability, max_abandon)):
        raise ValueError("give at least one target: target_wait, service_level+within, "
                         "max_wait_probability or max_abandon")

    def meets(c: int) -> bool:
        m = erlang_c(lam, mu, c) if abandon_rate is None else erlang_a(lam, mu, abandon_rate, c)
        return ((target_wait is None or m.mean_wait <= target_wait)
                and (max_wait_probability is None or m.wait_probability <= max_wait_probability)
                and (max_abandon is None or m.abandon_rate <= max_abandon)
                and (service_level is None or within is None   # given together (checked above)
                     or m.service_level(within) >= service_level))

    load = lam / mu
    # Erlang C needs more agents than the load; Erlang A can (with impatient callers) get by with fewer.
    lowest = math.floor(load) + 1 if abandon_rate is None else 1
    # Every metric improves with each agent, so "meets" flips once: gallop up from ceil(load) (the answer
    # is typically load + O(sqrt(load))) to a feasible count, then bisect below it.
    lo, hi = lowest - 1, max(lowest, math.ceil(load))  # invariant: meets(hi) once found; lo fails or is 0
    step = 1
    limit = math.ceil(load + 100 * math.sqrt(load) + 10_000)
    while not meets(hi):
        if hi > limit:
            raise ValueError(f"no staffing up to {hi} agents meets the targets")
        lo, hi, step = hi, hi + step, step * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if meets(mid) else (mid, hi)
    return hi


def _erlang_b(servers: int, load: float) -> float:
    """Erlang B blocking probability by the usual recursion (stable: stays in [0, 1], no factorials)."""
    b = 1.0
    for k in range(1, servers + 1):
        b = load * b / (k + load * b)
    return b


def _log_m(a: float, x: float) -> float:
    """log M(a, x), M(a, x) = sum_{j>=0} x^j / ((a+1)...(a+j)), for a > 0, x >= 0."""
    return _series(a, x)[0] if _use_series(a, x) else _log_m_closed(a, x)


def _use_series(a: float, x: float) -> bool:
    # Summing the series has no cancellation when its terms shrink from the start (x < a + 1). Do it when
    # that takes at most ~20,000 terms (each term at most x / (a + 1) times the one before), or when the
    # closed form is unusable because P(a, x) underflows (x far below a; then the terms shrink fast).
    if x >= a + 1:
        return False
    return x <= (a + 1) * math.exp(-45 / 20_000) or gammainc(a, x) < 1e-280


def _log_m_closed(a: float, x: float) -> float:
    # M = P(a, x) / (x^a e^-x / Gamma(a+1)). The log of the denominator is a (log1p(d) - d) - s(a) with
    # d = x/a - 1 and s(a) = lgamma(a+1) - a log a + a, so no two huge numbers are ever subtracted.
    d = (x - a) / a
    if a >= 100:  # Stirling series, exact to double precision here
        s = 0.5 * math.log(2 * math.pi * a) + 1 / (12 * a) - 1 / (360 * a**3) + 1 / (1260 * a**5)
    else:
        s = math.lgamma(a + 1) - a * math.log(a) + a
    return math.log(gammainc(a, x)) - a * (math.log1p(d) - d) + s


def _log_p_ratio(a: float, k: int, y: float, s: float) -> float:
    """log(P(a + k, u) / P(a, y)), u = y e^-s, k in {0, 1}, s >= 0; P = regularised lower incomplete gamma."""
    u = y * math.exp(-s)
    if u == 0.0:
        return -math.inf
    p_u = gammainc(a + k, u)
    if p_u > 1e-280:  # then P(a, y) >= P(a + k, u) is representable too; scipy's P is accurate relatively
        return math.log(p_u) - math.log(gammainc(a, y))
    # P(a + k, u) underflows (u far below a): use P(a, x) = x^a e^-x M(a, x) / Gamma(a + 1), in which the
    # huge powers and Gamma cancel analytically (a log(u/y) = -a s exactly: a is huge for patient callers).
    log_powers = -a * s + k * (math.log(u) - math.log(a + 1)) + y * -math.expm1(-s)
    return log_powers + _log_m(a + k, u) - _log_m(a, y)


def _series(a: float, x: float) -> tuple[float, float]:
    """(log M(a, x), mean j) of the weights x^j / ((a+1)...(a+j)), summed directly (needs x < a + 1).

    Here every term is smaller than the one before, so summing them has no cancellation; the mean
    gives E[queue | wait] without the y - a (1 - 1/M) cancellation that ruins patient callers.
    """
    if x == 0.0:
        return 0.0, 0.0
    total, first_moment, log_term, start, chunk = 1.0, 0.0, 0.0, 1, 256
    while True:
        j = np.arange(start, start + chunk, dtype=float)
        logs = log_term + np.cumsum(math.log(x) - np.log(a + j))  # x may be tiny: log it on its own
        terms = np.exp(logs)
        total += float(terms.sum())
        first_moment += float((j * terms).sum())
        if logs[-1] < -45.0:  # terms keep shrinking, so the rest is negligible (< 1e-14 of the sum)
            return math.log(total), first_moment / total
        log_term, start, chunk = float(logs[-1]), start + chunk, chunk * 2


def _queue_given_wait(a: float, y: float) -> tuple[float, float]:
    """(log M(a, y), E[queue length | all agents busy]) for a = c mu / theta, y = lambda / theta."""
    if _use_series(a, y):
        return _series(a, y)
    log_m = _log_m_closed(a, y)
    # From (a + j + 1) t_{j+1} = y t_j: E[queue | busy] = y - a (1 - 1/M). Used only when y > a or the
    # queue is near critical, where the result (~sqrt(a) or more) dwarfs the rounding error (~1e-16 a).
    return log_m, y - a * -math.expm1(-log_m)


def _check_rate(name: str, value: object, *, allow_zero: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value) or value < 0 \
            or (value == 0 and not allow_zero):
        need = "a finite number >= 0" if allow_zero else "a finite number > 0"
        raise ValueError(f"{name} must be {need}, got {value!r}")
    return float(value)


def _check_inputs(arrival_rate: object, service_rate: object, servers: object) -> tuple[float, float, int]:
    lam = _check_rate("arrival_rate", arrival_rate, allow_zero=True)
    mu = _check_rate("service_rate", service_rate)
    if isinstance(servers, bool) or not isinstance(servers, Integral) or servers < 1:
        raise ValueError(f"servers must be a whole number >= 1, got {servers!r}")
    return lam, mu, int(servers)


def _check_time(t: object) -> float:
    if isinstance(t, bool) or not isinstance(t, Real) or math.isnan(t) or t < 0:
        raise ValueError(f"time must be a number >= 0, got {t!r}")
    return float(t)
