"""Staffing: how many agents a complaint queue needs.

The analytic part answers "how many agents for this arrival rate?" in microseconds with the classic
call-centre queue models, so a planner gets a first answer (and the simulator a yardstick) before any
simulation runs:

* **Erlang C** (M/M/c): Poisson arrivals, exponential handling times, ``c`` agents, callers never hang up.
* **Erlang A** (M/M/c+M): the same, but every waiting caller hangs up after an exponential patience
  time with rate ``abandon_rate`` (= 1 / mean patience). Always stable, usually more realistic.

All rates share one time unit (e.g. per minute); waits come back in that unit.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
from scipy.special import gammainc

__all__ = ["QueueMetrics", "erlang_a", "erlang_c", "fewest_servers"]


# --- analytic queueing (Erlang C / Erlang A) ---
#
# Definitions (the simulator's KPIs must be measured the same way to be comparable):
#   wait_probability  share of ARRIVALS that find all agents busy, i.e. cannot start at once
#                     (callers who later hang up count);
#   mean_wait         mean time in queue over ALL arrivals: 0 for those served at once, the time until
#                     they hung up for abandoners;
#   abandon_rate      share of arrivals that hang up before being answered (0 under Erlang C);
#   utilisation       share of agent time spent handling calls (answered load / agents).
# These match pyworkforce's ErlangC / ErlangA (github.com/rodrigo-arenas/pyworkforce).
#
# Erlang A formulas: Garnett, Mandelbaum & Reiman (2002), "Designing a call center with impatient
# customers", M&SOM 4(3); Mandelbaum & Zeltyn (2004), "The M/M/n+G queue: summary of performance
# measures" (offered-wait density f_V(x) = lambda p_{n-1} exp(lambda H(x) - n mu x)). Both are written
# below with a = n mu / theta, y = lambda / theta and the series
#     M(a, y) = sum_{j>=0} y^j / ((a+1)(a+2)...(a+j)) = e^y y^-a Gamma(a+1) P(a, y),
# the weight of the queue states relative to "all agents busy, nobody waiting". Working with log M
# and with ratios of M keeps everything finite for thousands of agents (no factorials, no y^a).


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
                and (service_level is None or m.service_level(within) >= service_level))

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


# =================================================================================================
# Simulation-based staffing: a warm start per team and hour, then the search for the cheapest roster
# =================================================================================================
#
# find_staffing(scenario) answers "what is the cheapest roster that meets the plan's targets?" in four
# stages (see its docstring for the details and the parameters):
#
# 1. Warm start (analytic, milliseconds). For every team and hour of the horizon, the offered work
#    (baseline x profile + incident surges + repeat contacts, times the service time of each task the
#    plan's routing gives that team) goes through the stationary queue model: Erlang A for frontline when
#    its channels have patience, Erlang C otherwise. The fewest agents meeting the targets in that hour
#    is the hour's requirement; a shift gets the most any of its hours needs (a greedy cover when shifts
#    overlap).
# 2. Feasibility. The warm start is simulated (common random numbers: replications 0..reps-1 of one
#    seed). If it misses a target, a generous ceiling roster is simulated; targets the ceiling (and twice
#    the ceiling) still misses cannot be reached by staffing at all (they are reported, not searched);
#    then a bisection along the line from the warm start to the ceiling finds a roster that meets them.
# 3. Descent. Greedy removal of staff while every target still holds: first whole-team moves (one
#    person, or k, off every shift of a team), then shift by shift in order of what one person there
#    costs (the most expensive first); each move size k doubles after a success and halves after a
#    failure (galloping), and a shift is done when removing one person fails. A final "polish" pass
#    re-tests removing one person from every shift at the final roster (in one parallel batch) until
#    none passes, so the result is 1-minimal on the search replications, whatever the ordering.
# 4. Verification with fresh replications (indices never used before). If the roster fails there, the
#    fresh replications join the search set and stages 2-3 run again from it (at most max_rounds times).
#
# A candidate "meets" the targets when, over its replications, the confidence bound of every target
# KPI is on the right side: the lower bound (ci_low) for an "at least" target, the upper bound (ci_high)
# for an "at most" target (Student t, as sim.simulation.metrics.summarise).
#
# Cost of a roster: sum over teams and shifts of headcount x paid hours of that shift within the horizon
# x the team's cost_per_hour (a shift worked every day of a whole-day horizon costs headcount x shift
# length x days x cost_per_hour). Reserve and on-call members are not part of the roster and not in its
# cost (the simulation's staff_cost KPI counts every hour anyone was on duty, including them).

import difflib
import re
import time
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field, replace
from datetime import datetime

import pandas as pd

__all__ += ["StaffingError", "StaffingResult", "Target", "TargetError", "WarmStart", "Workload",
            "derive_scenario", "erlang_kpis", "find_staffing", "kpi_names", "parse_target", "resolve_targets",
            "roster_cost", "roster_frame", "scenario_roster", "shift_table", "staffing_curve", "unstaffed_teams",
            "warm_start", "workload"]

_SEVERITIES = ("minor", "moderate", "major")
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _t(key: str, lang: str = "en", /, **kwargs) -> str:
    from sim.i18n import t
    return t(key, lang, **kwargs)


# --- targets -------------------------------------------------------------------------------------

class TargetError(ValueError):
    """A target cannot be used: unknown KPI, not a number, a share outside [0, 1]. One line, for the user."""


class StaffingError(ValueError):
    """The search cannot run: nothing to search, or no target left that staffing can change."""


# KPIs where less is better; every other KPI is "at least" (shares on time, satisfaction, ...).
_LOWER_IS_BETTER = frozenset({"abandon_rate", "wait_probability", "overtime_hours", "staff_cost", "backlog_peak",
                              "escalations", "repeat_contacts", "open", "abandoned"})


def default_direction(kpi: str) -> str:
    """Direction of a new target on ``kpi`` (one the plan has no target for).

    ``<=`` for abandon_rate, wait_probability, times (``*_min``), utilisation, overtime, cost, backlog,
    escalations and repeat contacts; ``>=`` for everything else (shares on time, satisfaction, ...).
    """
    if kpi in _LOWER_IS_BETTER or kpi.endswith("_min") or kpi.startswith("utilisation."):
        return "<="
    return ">="


def is_share(kpi: str) -> bool:
    """KPIs measured as a share in [0, 1]."""
    return ("_on_time" in kpi or kpi.startswith("utilisation.")
            or kpi in ("first_response_within_24h", "satisfaction", "abandon_rate", "wait_probability"))


@dataclass(frozen=True)
class Target:
    """``kpi direction value``, e.g. ``first_response_on_time.major >= 0.95``."""
    kpi: str
    value: float
    direction: str = ">="

    def margin(self, x: float) -> float:
        """How far ``x`` is on the right side of the target (negative: missed; NaN counts as missed)."""
        if math.isnan(x):
            return -math.inf
        return x - self.value if self.direction == ">=" else self.value - x

    def met(self, x: float) -> bool:
        return self.margin(x) >= 0

    def __str__(self) -> str:
        return f"{self.kpi} {self.direction} {self.value:g}"


def kpi_names(scenario) -> tuple[str, ...]:
    """Names of the KPIs a run of ``scenario`` reports (the names targets may use)."""
    from sim.simulation.centre import Centre, CentreOptions, case_arrays
    from sim.simulation.metrics import compute_kpis
    centre = Centre(scenario, options=CentreOptions(record_log=False))
    return tuple(compute_kpis(centre, case_arrays([])).index)


def make_target(kpi: str, value: object, names: Sequence[str], plan, lang: str = "en", *,
                direction: str | None = None, arg: str | None = None) -> Target:
    """Validate one target; the direction defaults to the plan's for that KPI, else :func:`default_direction`."""
    arg = arg if arg is not None else f"{kpi}={value}"
    if kpi not in names:
        close = difflib.get_close_matches(kpi, list(names), n=3, cutoff=0.6)
        if close:
            raise TargetError(_t("staff.err.unknown_kpi", lang, arg=arg, kpi=kpi,
                                 suggest=", ".join(repr(c) for c in close)))
        raise TargetError(_t("staff.err.unknown_kpi_list", lang, arg=arg, kpi=kpi,
                             known=", ".join(plan.kpi_targets) or ", ".join(names)))
    number = math.nan
    if isinstance(value, Real) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            pass
    if not math.isfinite(number):
        raise TargetError(_t("staff.err.not_number", lang, arg=arg, value=value))
    if direction is None:
        spec = plan.kpi_targets.get(kpi)
        direction = (">=" if spec.at_least is not None else "<=") if spec is not None else default_direction(kpi)
    if is_share(kpi) and not 0.0 <= number <= 1.0:
        raise TargetError(_t("staff.err.share", lang, arg=arg, kpi=kpi))
    if number < 0:
        raise TargetError(_t("staff.err.negative", lang, arg=arg))
    return Target(kpi, number, direction)


_TARGET_RE = re.compile(r"^\s*([^\s<>=]+)\s*(>=|<=|=)\s*(.*?)\s*$")


def parse_target(text: str, names: Sequence[str], plan, lang: str = "en", prefix: str = "--target ") -> Target:
    """``KPI=VALUE`` (the plan's direction, or the default), ``KPI>=VALUE`` or ``KPI<=VALUE``.

    Errors name the argument: ``--target first_response_on_time.majr=0.95: unknown KPI ...; did you mean ...``.
    """
    arg = f"{prefix}{text}"
    m = _TARGET_RE.match(text)
    if not m or not m.group(3):
        raise TargetError(_t("staff.err.target_syntax", lang, arg=arg))
    kpi, op, value = m.groups()
    return make_target(kpi, value, names, plan, lang, direction=None if op == "=" else op, arg=arg)


def resolve_targets(scenario, targets=None, lang: str = "en") -> dict[str, Target]:
    """The targets a roster must meet: the plan's ``kpi_targets`` (``targets=None``), or the given ones.

    ``targets`` replaces the plan's targets. It is a mapping ``kpi -> value`` (direction: the plan's target
    for that KPI, else :func:`default_direction`), ``kpi -> {"at_least": v}`` / ``{"at_most": v}``, or
    ``kpi -> Target``; or an iterable of ``"kpi=value"`` / ``"kpi>=value"`` strings or ``Target`` objects.
    """
    plan = scenario.plan
    if targets is None:
        out = {}
        for kpi, spec in plan.kpi_targets.items():
            if spec.at_least is not None:
                out[kpi] = Target(kpi, float(spec.at_least), ">=")
            else:
                out[kpi] = Target(kpi, float(spec.at_most), "<=")
        if not out:
            raise TargetError(_t("staff.err.no_targets", lang))
        return out
    names = kpi_names(scenario)
    out: dict[str, Target] = {}
    items = targets.items() if isinstance(targets, Mapping) else [(None, v) for v in targets]
    for kpi, value in items:
        if isinstance(value, Target):
            tgt = make_target(value.kpi, value.value, names, plan, lang, direction=value.direction)
        elif kpi is None and isinstance(value, str):
            tgt = parse_target(value, names, plan, lang, prefix="")
        elif isinstance(value, Mapping):
            if len(value) != 1 or next(iter(value)) not in ("at_least", "at_most"):
                raise TargetError(_t("staff.err.target_syntax", lang, arg=f"{kpi}={dict(value)}"))
            key, v = next(iter(value.items()))
            tgt = make_target(kpi, v, names, plan, lang, direction=">=" if key == "at_least" else "<=")
        elif kpi is None:
            raise TargetError(_t("staff.err.target_syntax", lang, arg=str(value)))
        else:
            tgt = make_target(kpi, value, names, plan, lang)
        out[tgt.kpi] = tgt
    if not out:
        raise TargetError(_t("staff.err.no_targets", lang))
    return out


# --- shifts, rosters and their cost --------------------------------------------------------------

def _shift_spans(scenario, shift) -> list[tuple[float, float]]:
    """Scenario minutes [begin, end) worked by one shift within the horizon (as the simulator schedules it)."""
    horizon = scenario.horizon
    return [(b, min(e, horizon)) for b, e in shift.spans(scenario.start, horizon)]


def _shift_label(shift) -> str:
    from sim.format.units import format_clock
    label = f"{format_clock(shift.start)}-{format_clock(shift.end)}"
    days = tuple(shift.days)
    if days == _DAYS:
        return label
    if days == _DAYS[:5]:
        return f"{label} mon-fri"
    return f"{label} {','.join(days)}"


def shift_table(scenario) -> pd.DataFrame:
    """One row per team and shift: team, shift (its index), label, staff (the scenario's), paid hours within
    the horizon, cost_per_hour."""
    rows = []
    for team, spec in scenario.staffing.items():
        for k, shift in enumerate(spec.shifts):
            hours = sum(e - b for b, e in _shift_spans(scenario, shift)) / 60.0
            rows.append({"team": team, "shift": k, "label": _shift_label(shift), "staff": shift.staff,
                         "hours": hours, "cost_per_hour": float(spec.cost_per_hour)})
    return pd.DataFrame(rows, columns=["team", "shift", "label", "staff", "hours", "cost_per_hour"])


def scenario_roster(scenario) -> dict[str, tuple[int, ...]]:
    """The scenario's own headcounts: team -> one headcount per shift (teams with shifts only)."""
    return {team: tuple(s.staff for s in spec.shifts) for team, spec in scenario.staffing.items() if spec.shifts}


def _full_roster(scenario, roster: Mapping | None) -> dict[str, tuple[int, ...]]:
    out = scenario_roster(scenario)
    for team, counts in (roster or {}).items():
        if team not in out:
            raise ValueError(f"team {team!r} has no shifts in this scenario; teams with shifts: {', '.join(out)}")
        counts = tuple(int(c) for c in counts)
        if len(counts) != len(out[team]) or any(c < 0 for c in counts):
            raise ValueError(f"{team}: give {len(out[team])} headcount(s) >= 0, one per shift; got {counts}")
        out[team] = counts
    return out


def roster_frame(scenario, roster: Mapping | None = None) -> pd.DataFrame:
    """A roster as a table: team, shift (its label), headcount, hours (paid, within the horizon), cost.

    ``cost = headcount x hours x cost_per_hour`` (see the note at the top of this section).
    """
    full = _full_roster(scenario, roster)
    table = shift_table(scenario)
    rows = []
    for r in table.itertuples(index=False):
        if r.team not in full:
            continue
        hc = full[r.team][r.shift]
        rows.append({"team": r.team, "shift": r.label, "headcount": hc, "hours": r.hours,
                     "cost": hc * r.hours * r.cost_per_hour})
    return pd.DataFrame(rows, columns=["team", "shift", "headcount", "hours", "cost"])


def roster_cost(scenario, roster: Mapping | None = None) -> float:
    """Cost of a roster over the horizon: sum of headcount x paid hours x cost_per_hour."""
    return float(roster_frame(scenario, roster)["cost"].sum())


def _format_minutes(minutes: float) -> str:
    return f"{minutes:g}min"


def derive_scenario(scenario, horizon: float | None = None, hourly: bool | Iterable[str] | None = None):
    """A variant of ``scenario`` for faster or finer searches (the original is not changed).

    ``horizon`` (minutes): simulate only the first part (incidents starting later are dropped).
    ``hourly``: split the shifts of these teams (``True``: every team) at clock-hour boundaries into
    one-hour shifts with the same headcount and days (a piece after midnight of an overnight shift
    moves to the next day), so a search can set a headcount per hour. The drill script is dropped.
    """
    from sim.format.scenario import scenario_from_dict
    from sim.format.units import format_clock
    data = scenario.model_dump(mode="json", by_alias=True)
    data.pop("drill", None)
    if horizon is not None:
        if not (isinstance(horizon, Real) and horizon > 0):
            raise ValueError(f"horizon must be a number of minutes > 0, got {horizon!r}")
        horizon = min(float(horizon), scenario.horizon)
        data["horizon"] = _format_minutes(horizon)
        data["incidents"] = [d for d, inc in zip(data["incidents"], scenario.incidents) if inc.at < horizon]
    if hourly:
        teams = [t for t in scenario.staffing] if hourly is True else list(hourly)
        for team in teams:
            if team not in scenario.staffing:
                raise ValueError(f"unknown team {team!r}; this scenario staffs {', '.join(scenario.staffing)}")
            pieces = []
            for shift in scenario.staffing[team].shifts:
                o = 0.0
                while o < shift.length:
                    clock = (shift.start + o) % 1440
                    day = int((shift.start + o) // 1440)
                    step = min(shift.length - o, 60 - clock % 60)
                    days = [_DAYS[(_DAYS.index(d) + day) % 7] for d in shift.days]
                    pieces.append({"from": format_clock(clock), "to": format_clock(clock + step), "staff": shift.staff,
                                   "days": [d for d in _DAYS if d in days]})
                    o += step
            data["staffing"][team]["shifts"] = pieces
    return scenario_from_dict(data, scenario.plan, name=f"{scenario.id} (derived)")


# --- offered work per hour -----------------------------------------------------------------------

@dataclass
class Workload:
    """Offered work per hour of the horizon: the inputs of the stationary queue models.

    Frontline arrays are indexed [hour, true severity (minor, moderate, major)]: ``lam`` contacts per
    minute, ``sync`` those on synchronous channels, ``theta`` the sum over synchronous contacts of
    rate x patience rate (so ``theta / lam`` is the pooled abandonment rate per waiting contact),
    ``work`` Erlangs (contacts x mean frontline handling: intake, plus resolving a minor case in the same
    contact when the plan routes it to frontline). ``follow`` is the Erlang load of follow-up contacts.
    ``team_lam`` / ``team_work`` give the tasks per minute and Erlangs of every other team (resolve,
    consult, review) per hour; ``team_severities`` the true severities those tasks come from.

    The plan's activation is estimated from the expected arrivals: ``activation_at`` is the first check at
    which a trigger holds in expectation (surge: qualifying complaints in the window against the baseline;
    outage; public attention from the expected public posts), plus the options' activation delay (None if
    it never holds or auto-activation is off). From then on, after each action's delay: ``extra`` adds the
    reserves called in (for their stay) and on-call members (after mobilising) to each team's agents,
    self-service removes its share of minor complaints, the proactive notice cuts repeat contacts, and
    ``extend`` = (from, minutes) extends frontline shifts that end after ``from``.

    Approximations: repeat contacts arrive after an exponential delay; retries after hanging up, posts by
    abandoners and escalations are ignored; follow-ups arrive ``follow_up.after`` after the complaint.
    """
    hours: int
    start: datetime
    lam: np.ndarray
    sync: np.ndarray
    theta: np.ndarray
    work: np.ndarray
    follow: np.ndarray
    notify_share: float
    team_lam: dict
    team_work: dict
    team_severities: dict
    activation_at: float | None = None
    extra: dict = field(default_factory=dict)
    extend: tuple | None = None


def _severity_probs(mix, plan, category: str) -> np.ndarray:
    p = np.array([float(mix.get(s, 0.0)) for s in _SEVERITIES])
    p = p / p.sum() if p.sum() > 0 else np.array([1.0, 0.0, 0.0])
    floor = plan.categories[category].minimum_severity
    if floor:
        i = _SEVERITIES.index(floor)
        p[i] += p[:i].sum()
        p[:i] = 0.0
    return p


@dataclass
class _Source:
    """One stream of complaints: its rate per minute and, per unit of rate, what it brings (by true severity)."""
    rate: np.ndarray
    repeats: bool
    lam: np.ndarray           # (3,) contacts
    sync: np.ndarray          # (3,)
    theta: np.ndarray         # (3,)
    work: np.ndarray          # (3,) frontline agent-minutes
    follow: np.ndarray        # (3,) frontline follow-up agent-minutes
    tasks: dict               # team -> [(3,) tasks, (3,) agent-minutes]
    qualifying: float         # share counted by the surge trigger
    public: float             # attention weight of its public posts per complaint
    notify: float             # complaints truly major and notified at intake (rate units)
    major: float


def _sources(scenario, surge: float, t: np.ndarray, inside: np.ndarray) -> list[_Source]:
    from sim import rules
    from sim.simulation.arrivals import minute_of_week
    plan = scenario.plan
    prof = scenario.arrivals.profile
    how = ((minute_of_week(scenario) + t) // 60).astype(np.int64) % 168
    mult = np.asarray(prof.hourly)[how % 24] * np.asarray(prof.weekly)[how // 24]
    streams = []   # (rate, repeats?, channel mix, category mix, severity-mix function, public weight)
    per_hour = scenario.arrivals.per_hour
    per_min = sum(per_hour.values()) / 60.0
    if per_min > 0:
        streams.append((per_min * mult * inside, False, {c: v / (per_min * 60) for c, v in per_hour.items()},
                        dict(scenario.arrivals.categories), scenario.arrivals.severity_mix, 1.0))
    for inc in scenario.incidents:
        shape = np.fromiter((inc.rate_multiplier(x) for x in t), dtype=float, count=len(t)) * (t < inc.end)
        rate = inc.peak_per_hour / 60.0 * surge * shape * inside
        sev = (lambda _c, m=inc.severity: m)
        streams.append((rate, False, dict(inc.channels), {inc.category: 1.0}, sev, inc.public_attention))
        if inc.repeat_contact_share > 0 and inc.repeat_after > 0:
            lags = np.arange(min(len(t), math.ceil(12 * inc.repeat_after)))
            kernel = -np.diff(np.exp(-np.append(lags, len(lags)) / inc.repeat_after))  # P(delay in minute k)
            repeats = np.convolve(rate, kernel)[:len(t)] * inc.repeat_contact_share * inside
            streams.append((repeats, True, dict(inc.channels), {inc.category: 1.0}, sev, inc.public_attention))

    def mean_time(team: str, activity: str, category: str) -> float:
        times = scenario.service_times.get(team)
        dist = times.get(activity, category) if times is not None else None
        return float(dist.mean) if dist is not None else 0.0

    grade_p = [np.diff([0.0] + list(row)) for row in rules.grading_matrix(scenario)]
    trigger = plan.activation.triggers.surge
    follow = scenario.follow_up
    out = []
    for rate, repeats, ch_mix, cat_mix, sev_fn, weight in streams:
        total_ch = sum(ch_mix.values()) or 1.0
        q_sync = sum(p for c, p in ch_mix.items() if plan.channels[c].synchronous) / total_ch
        q_theta = sum(p / scenario.patience[c].mean for c, p in ch_mix.items()
                      if plan.channels[c].synchronous and c in scenario.patience) / total_ch
        q_public = sum(p for c, p in ch_mix.items() if plan.channels[c].public) / total_ch
        total_cat = sum(cat_mix.values()) or 1.0
        src = _Source(rate, repeats, np.zeros(3), np.zeros(3), np.zeros(3), np.zeros(3), np.zeros(3), {}, 0.0,
                      q_public * weight, 0.0, 0.0)
        for cat, pc in cat_mix.items():
            pc /= total_cat
            ps = _severity_probs(sev_fn(cat), plan, cat)
            intake = mean_time("frontline", "intake", cat)
            minor_fix = mean_time("frontline", "resolve_minor", cat)
            follow_time = follow.share * mean_time("frontline", "follow_up", cat) if follow is not None else 0.0
            for s in range(3):
                if ps[s] <= 0:
                    continue
                w = pc * ps[s]
                src.lam[s] += w
                src.follow[s] += w * follow_time
                if rules.surge_qualifies(trigger, cat, s):
                    src.qualifying += w
                handling = intake
                for g in range(3):
                    pg = grade_p[s][g]
                    if pg <= 0:
                        continue
                    route = rules.route(plan, rules.effective_grade(plan, g, cat), cat)
                    if s == 2:
                        src.major += w * pg
                        src.notify += w * pg * route.notify_crisis_group
                    jobs = []
                    if route.handled_by == "frontline":
                        handling += pg * minor_fix
                    else:
                        jobs.append((route.handled_by, mean_time(route.handled_by, "resolve", cat)))
                    jobs += [(d, mean_time(d, "consult", cat)) for d in route.consult]
                    if route.notify_crisis_group:
                        jobs.append(("crisis_group", mean_time("crisis_group", "review", cat)))
                    for team, mean in jobs:
                        if team in scenario.staffing:
                            acc = src.tasks.setdefault(team, [np.zeros(3), np.zeros(3)])
                            acc[0][s] += w * pg
                            acc[1][s] += w * pg * mean
                src.work[s] += w * handling
        src.sync = src.lam * q_sync
        src.theta = src.lam * q_theta
        out.append(src)
    return out


def _first_check(holds: Callable[[float], bool], every: float, horizon: float) -> float | None:
    k = 0
    while k * every <= horizon:
        if holds(k * every):
            return k * every
        k += 1
    return None


def _activation_time(scenario, options, sources: list[_Source], n_min: int) -> float | None:
    """When the plan activates, in expectation: the first monitor check at which a trigger holds."""
    from sim import rules
    from sim.simulation.arrivals import baseline_expected
    if options is not None and not getattr(options, "auto_activate", True):
        return None
    plan = scenario.plan
    act = plan.activation
    horizon = scenario.horizon
    every = act.check_every
    trig = act.triggers
    qualifying = sum(src.rate * src.qualifying for src in sources) if sources else np.zeros(n_min)
    cum = np.concatenate([[0.0], np.cumsum(qualifying)])
    share = rules.surge_share(scenario, trig.surge)
    window = trig.surge.window

    def surge(now: float) -> bool:
        lo = max(0.0, now - window)
        count = cum[min(n_min, int(now))] - cum[min(n_min, int(lo))]
        expected = baseline_expected(scenario, lo, now) * share
        if now < window:
            expected *= window / max(now, 1e-9)
        return rules.surge_holds(count, expected, trig.surge)

    times = [x for x in [_first_check(surge, every, horizon)] if x is not None]
    outages = [inc.at for inc in scenario.incidents if inc.outage]
    if outages:
        times.append(math.ceil(min(outages) / every) * every)
    posts = sum(src.rate * src.public for src in sources) if sources else np.zeros(n_min)
    decay = 0.5 ** (1.0 / trig.public_attention.half_life)
    attention = np.zeros(n_min)
    level = 0.0
    for i, x in enumerate(np.asarray(posts, dtype=float).tolist()):   # the index decays, posts add to it
        level = level * decay + x
        attention[i] = level
    hit = _first_check(lambda now: now >= 1 and attention[min(n_min, int(now)) - 1]
                       >= trig.public_attention.threshold, every, horizon)
    if hit is not None:
        times.append(hit)
    if not times:
        return None
    at = min(times) + (getattr(options, "activation_delay", 0.0) if options is not None else 0.0)
    return at if at < horizon else None


def workload(scenario, options=None) -> Workload:
    """The offered work per team and hour (see :class:`Workload`), with the options' surge multiplier and
    activation settings."""
    plan = scenario.plan
    surge = float(getattr(options, "surge_multiplier", 1.0)) if options is not None else 1.0
    horizon = scenario.horizon
    n_hours = max(1, math.ceil(horizon / 60.0))
    t = np.arange(n_hours * 60) + 0.5
    inside = (t < horizon).astype(float)
    n_min = len(t)
    sources = _sources(scenario, surge, t, inside)
    at = _activation_time(scenario, options, sources, n_min)
    chosen = set(plan.activation.default_actions) if at is not None else set()
    actions = plan.activation.actions

    def after(delay: float) -> np.ndarray:
        return (t >= at + delay).astype(float) if at is not None else np.zeros(n_min)

    deflect = (after(actions.self_service.delay) * actions.self_service.deflect_share
               if "self_service" in chosen else np.zeros(n_min))
    notice = (after(actions.proactive_notice.delay) * actions.proactive_notice.repeat_contact_reduction
              if "proactive_notice" in chosen else np.zeros(n_min))
    kept = np.ones((n_min, 3))
    kept[:, 0] = 1.0 - deflect                 # self-service answers minor complaints without an agent
    lam = np.zeros((n_min, 3))
    sync = np.zeros((n_min, 3))
    theta = np.zeros((n_min, 3))
    work = np.zeros((n_min, 3))
    follow_base = np.zeros(n_min)
    team_lam: dict[str, np.ndarray] = {}
    team_work: dict[str, np.ndarray] = {}
    team_sev: dict[str, set] = {}
    notified = majors = 0.0
    for src in sources:
        rate = src.rate * (1.0 - notice) if src.repeats else src.rate
        scale = rate[:, None] * kept
        lam += scale * src.lam
        sync += scale * src.sync
        theta += scale * src.theta
        work += scale * src.work
        follow_base += scale @ src.follow
        notified += float(rate.sum()) * src.notify
        majors += float(rate.sum()) * src.major
        for team, (n, wk) in src.tasks.items():
            team_lam[team] = team_lam.get(team, 0.0) + scale @ n
            team_work[team] = team_work.get(team, 0.0) + scale @ wk
            team_sev.setdefault(team, set()).update(int(s) for s in np.flatnonzero(n > 0))

    follow_load = np.zeros(n_min)
    if scenario.follow_up is not None:
        lag = round(scenario.follow_up.after)
        if lag < n_min:
            follow_load[lag:] = follow_base[:n_min - lag]
        follow_load *= inside
    extra_min: dict[str, np.ndarray] = {}
    if "reserve_call_in" in chosen:
        rc = actions.reserve_call_in
        for team, spec in scenario.staffing.items():
            n = min(spec.reserve, round(rc.share_of_reserve * spec.reserve))
            if n > 0:
                extra_min[team] = extra_min.get(team, 0.0) + n * (after(rc.delay) - after(rc.delay + rc.stay))
    if "crisis_command" in chosen:
        for team, spec in scenario.staffing.items():
            if spec.on_call > 0:
                extra_min[team] = extra_min.get(team, 0.0) + spec.on_call * after(actions.crisis_command.delay
                                                                                    + spec.mobilise)
    extend = (at + actions.extended_hours.delay, actions.extended_hours.extend_by) \
        if "extended_hours" in chosen else None
    minutes = np.maximum(inside.reshape(n_hours, 60).sum(axis=1), 1.0)

    def hourly(x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        total = x.reshape((n_hours, 60) + x.shape[1:]).sum(axis=1)
        return total / (minutes if x.ndim == 1 else minutes[:, None])

    return Workload(
        hours=n_hours, start=scenario.start, lam=hourly(lam), sync=hourly(sync), theta=hourly(theta),
        work=hourly(work), follow=hourly(follow_load), notify_share=notified / majors if majors > 0 else 1.0,
        team_lam={k: hourly(v) for k, v in team_lam.items()}, team_work={k: hourly(v) for k, v in team_work.items()},
        team_severities={k: frozenset(v) for k, v in team_sev.items()}, activation_at=at,
        extra={k: hourly(v * inside) for k, v in extra_min.items()}, extend=extend)


# --- the stationary model of one hour ------------------------------------------------------------

def _queue(lam: float, work: float, theta_sum: float, servers: int) -> QueueMetrics | None:
    """Erlang A (patience) or C for ``lam`` arrivals/min carrying ``work`` Erlangs; None if there is no
    agent or an Erlang C queue is unstable."""
    if servers <= 0 or lam <= 0:
        return None
    mu = lam / work if work > 0 else 1e9
    theta = theta_sum / lam
    if theta > 0:
        return erlang_a(lam, mu, theta, servers)
    if lam >= servers * mu * (1 - 1e-12):
        return None
    return erlang_c(lam, mu, servers)


def _within(m: QueueMetrics | None, t: float) -> float:
    """Share of answered contacts whose wait is at most ``t`` (0 if the queue is unstable or unstaffed)."""
    if m is None:
        return 0.0
    answered = 1.0 - m.abandon_rate
    return min(1.0, m.service_level(max(t, 0.0)) / answered) if answered > 1e-12 else 0.0


def _frontline_hour(wl: Workload, h: int, servers: float, plan) -> dict | None:
    key = (wl.lam[h].tobytes(), wl.sync[h].tobytes(), wl.theta[h].tobytes(), wl.work[h].tobytes(),
           float(wl.follow[h]), wl.notify_share, int(max(0, round(servers - wl.follow[h]))), id(plan))
    cache = wl.__dict__.setdefault("_cache", {})
    if key not in cache:     # hours with the same traffic (flat profiles, repeated days) are computed once
        cache[key] = _frontline_hour_uncached(wl, h, servers, plan)
    return cache[key]


def _frontline_hour_uncached(wl: Workload, h: int, servers: float, plan) -> dict | None:
    """Erlang predictions for frontline in hour ``h`` with ``servers`` agents; None if nobody arrives.

    Priorities (the intake queue serves true majors first): class s is modelled as a queue holding only
    the classes served before or with it (a preemptive-priority approximation). The share on time is of
    answered contacts (as the first_response_on_time KPIs, which leave abandoned contacts out); for
    asynchronous channels the first response is the end of intake, so their target is shortened by the
    mean handling time. Follow-up work (served last) takes its Erlangs off the agents first.
    """
    lam = wl.lam[h]
    total = lam.sum()
    if total <= 0:
        return None
    c = int(max(0, round(servers - wl.follow[h])))
    targets = [plan.targets.first_response[s] for s in _SEVERITIES]
    sl = np.zeros(3)
    models = {}
    for s in range(3):
        if lam[s] <= 0:
            continue
        m = _queue(lam[s:].sum(), wl.work[h, s:].sum(), wl.theta[h, s:].sum(), c)
        models[s] = m
        handling = wl.work[h, s] / lam[s]
        sl[s] = _within(m, targets[s] - (1 - wl.sync[h, s] / lam[s]) * handling)
    pooled = _queue(total, wl.work[h].sum(), wl.theta[h].sum(), c)
    handling = wl.work[h].sum() / total
    async_share = 1 - wl.sync[h].sum() / total
    sync_total = wl.sync[h].sum()
    has_patience = wl.theta[h].sum() > 0
    if pooled is None:
        abandon = 1.0 if (c <= 0 and has_patience) else 0.0
        wait_p, mean_wait = 1.0, math.inf
    else:
        abandon = min(1.0, pooled.abandon_rate * total / sync_total) if sync_total > 0 else 0.0
        wait_p, mean_wait = pooled.wait_probability, pooled.mean_wait
    notify = math.nan
    if lam[2] > 0:
        notify = wl.notify_share * _within(models.get(2), plan.targets.crisis_group_notification
                                           - wl.work[h, 2] / lam[2])
    return {"lam": lam, "sl": sl, "on_time": float((lam * sl).sum() / total),
            "within_24h": _within(pooled, plan.targets.first_response_all - async_share * handling),
            "abandon": abandon, "sync": sync_total, "wait_probability": wait_p, "mean_wait": mean_wait,
            "notify": notify, "model": "Erlang A" if has_patience else "Erlang C"}


_SHARE_CAP = 0.999   # a stationary model never promises 100 %: analytic targets are capped here


def _frontline_checks(targets: Mapping[str, Target], notify_share: float) -> list[Callable[[dict], bool]]:
    """Analytic tests of one hour's frontline predictions, for the targets the model can judge."""
    checks = []
    for kpi, tgt in targets.items():
        v = tgt.value
        if tgt.direction == ">=":
            v = min(v, _SHARE_CAP)
            if kpi.startswith("first_response_on_time.") and kpi.split(".", 1)[1] in _SEVERITIES:
                s = _SEVERITIES.index(kpi.split(".", 1)[1])
                checks.append(lambda m, s=s, v=v: m["lam"][s] <= 0 or m["sl"][s] >= v)
            elif kpi == "first_response_on_time":
                checks.append(lambda m, v=v: m["on_time"] >= v)
            elif kpi == "first_response_within_24h":
                checks.append(lambda m, v=v: m["within_24h"] >= v)
            elif kpi == "crisis_notification_on_time" and v <= notify_share * _SHARE_CAP:
                # Misgraded majors are not notified at intake: only reachable targets are modelled.
                checks.append(lambda m, v=v: m["notify"] != m["notify"] or m["notify"] >= v)
        else:
            if kpi == "abandon_rate":
                checks.append(lambda m, v=v: m["abandon"] <= v)
            elif kpi == "wait_probability":
                checks.append(lambda m, v=v: m["wait_probability"] <= v)
            elif kpi == "mean_wait_min":
                checks.append(lambda m, v=v: m["mean_wait"] <= v)
    return checks


def _fewest(ok: Callable[[int], bool], load: float) -> int:
    """Smallest c >= 0 with ok(c) (ok is monotone); gallop up from the load, then bisect."""
    if ok(0):
        return 0
    lo, hi = 0, max(1, math.ceil(load))
    limit = math.ceil(4 * load + 50)
    while not ok(hi):
        if hi >= limit:
            return limit   # the model cannot meet it: a generous start, the simulation decides
        lo, hi = hi, min(limit, hi * 2)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if ok(mid) else (mid, hi)
    return hi


_FRONTLINE_KPIS = ("first_response", "crisis_notification", "abandon_rate", "wait_probability", "mean_wait_min")
_DEFAULT_RESOLUTION_SHARE = 0.85   # share resolved on time assumed for a team when no resolution target is set


def _relevant_teams(scenario, wl: Workload, targets: Mapping[str, Target]) -> set[str]:
    """Teams whose staffing can change the targeted KPIs (by the plan's routing for this scenario)."""
    with_work = {team for team, lam in wl.team_lam.items() if lam.sum() > 0} | {"frontline"}
    out: set[str] = set()
    for kpi in targets:
        if kpi.startswith(_FRONTLINE_KPIS):
            out.add("frontline")
        elif kpi.startswith("utilisation."):
            out.add(kpi.split(".", 1)[1])
        else:   # resolution, satisfaction, backlog, cost...: everyone who works on complaints
            out |= with_work
    return out


def _coverage(scenario, team: str, n_hours: int) -> np.ndarray:
    """(shifts, hours) share of each hour of the horizon each shift of ``team`` covers."""
    shifts = scenario.staffing[team].shifts
    out = np.zeros((len(shifts), n_hours))
    length = np.minimum(60.0, scenario.horizon - 60.0 * np.arange(n_hours))
    for k, shift in enumerate(shifts):
        for b, e in _shift_spans(scenario, shift):
            for h in range(int(b // 60), min(n_hours, math.ceil(e / 60))):
                out[k, h] += max(0.0, min(e, 60.0 * h + 60) - max(b, 60.0 * h))
    return out / np.maximum(length, 1e-9)


def _cover(required: np.ndarray, covers: np.ndarray, person_cost: np.ndarray) -> np.ndarray:
    """Headcount per shift so that every hour has its required staff: greedy, the worst hour first, adding
    to the shift covering it that covers the most short hours per unit of cost. For shifts that do not
    overlap this is exactly "the most any of the shift's hours needs"."""
    x = np.zeros(covers.shape[0], dtype=int)
    need = required.astype(float).copy()
    need[~covers.any(axis=0)] = 0.0          # hours no shift covers cannot be staffed
    while True:
        deficit = need - covers.T @ x
        h = int(np.argmax(deficit))
        if deficit[h] <= 0:
            return x
        cand = np.flatnonzero(covers[:, h])
        short = (deficit > 0).astype(float)
        score = [(covers[k] * short).sum() / max(person_cost[k], 1e-9) for k in cand]
        x[cand[int(np.argmax(score))]] += 1


@dataclass
class WarmStart:
    """The analytic staffing per team and hour, and the roster it gives.

    ``hourly``: team, hour, time, arrivals_per_hour (tasks), load (Erlang), model, required (agents);
    ``roster``: team -> headcount per shift (teams the targets do not constrain keep the scenario's);
    ``teams``: the teams whose staffing affects the targets (the ones a search changes).
    """
    hourly: pd.DataFrame
    roster: dict
    teams: tuple
    workload: Workload

    def frame(self, scenario) -> pd.DataFrame:
        return roster_frame(scenario, self.roster)


def warm_start(scenario, targets=None, options=None, teams: Iterable[str] | None = None) -> WarmStart:
    """Stationary (per hour) Erlang staffing for every team whose staffing affects the targets.

    Frontline: the fewest agents meeting, in each hour, the first-response shares per severity, the
    24-hour rule, the abandonment rate, wait probability, mean wait and crisis notification targets (those
    given), by Erlang A when its channels have patience, else Erlang C (see :func:`_frontline_hour`).
    Other teams (specialists, consulted departments): their tasks must be done within the shortest
    resolution target of the severities they serve, R: Erlang C on the work arriving over the last R
    (a moving average), with the resolution target's share answered within R / 2.
    A shift's headcount is the most any of its hours needs (greedy cover when shifts overlap).
    """
    tg = targets if _is_target_dict(targets) else resolve_targets(scenario, targets)
    plan = scenario.plan
    wl = workload(scenario, options)
    roster = scenario_roster(scenario)
    shift_hours = shift_table(scenario)
    staffed = {r.team for r in shift_hours.itertuples() if r.hours > 0}
    relevant = _relevant_teams(scenario, wl, tg) & staffed
    if teams is not None:
        relevant &= set(teams)
    rows = []
    chosen = []
    for team in [t for t in scenario.staffing if t in relevant]:
        req = np.zeros(wl.hours, dtype=int)
        if team == "frontline":
            checks = _frontline_checks(tg, wl.notify_share)
            if not checks:              # no target the model judges: start from the scenario's headcounts
                chosen.append(team)
                continue
            for h in range(wl.hours):
                load = wl.work[h].sum() + wl.follow[h]

                def ok(c, h=h, checks=checks):
                    m = _frontline_hour(wl, h, c, plan)
                    return m is None or all(chk(m) for chk in checks)
                req[h] = _fewest(ok, load)
                m = _frontline_hour(wl, h, max(1, req[h]), plan)
                rows.append({"team": team, "hour": h, "arrivals_per_hour": wl.lam[h].sum() * 60, "load": load,
                             "model": m["model"] if m else "", "required": int(req[h])})
        else:
            lam, wk = wl.team_lam.get(team), wl.team_work.get(team)
            if lam is None:
                chosen.append(team)
                continue
            sev = wl.team_severities.get(team, frozenset({1, 2}))
            res_target = min(plan.targets.resolution[_SEVERITIES[s]] for s in sev)
            shares = [tg[k].value for k in ["resolution_on_time"] + [f"resolution_on_time.{_SEVERITIES[s]}"
                                                                     for s in sev]
                      if k in tg and tg[k].direction == ">="]
            share = min(max(shares) if shares else _DEFAULT_RESOLUTION_SHARE, _SHARE_CAP)
            window = max(1, math.ceil(res_target / 60))
            for h in range(wl.hours):
                lo = max(0, h - window + 1)
                lam_h, work_h = float(lam[lo:h + 1].mean()), float(wk[lo:h + 1].mean())
                if lam_h > 0 and work_h > 0:
                    req[h] = fewest_servers(lam_h, lam_h / work_h, service_level=share, within=res_target / 2)
                rows.append({"team": team, "hour": h, "arrivals_per_hour": lam[h] * 60, "load": float(wk[h]),
                             "model": "Erlang C", "required": int(req[h])})
        extra = wl.extra.get(team)
        if extra is not None:            # reserves and on-call members the plan's activation brings
            req = np.maximum(0, req - np.floor(extra + 1e-9).astype(int))
            for row in rows[len(rows) - wl.hours:]:
                row["required"] = int(req[row["hour"]])
        covers = _coverage(scenario, team, wl.hours) >= 0.5
        hours = shift_hours[shift_hours.team == team]
        person_cost = (hours["hours"] * hours["cost_per_hour"]).to_numpy()
        counts = _cover(req, covers, person_cost)
        idle = (hours["hours"] <= 0).to_numpy()             # shifts not worked within the horizon stay as they are
        counts[idle] = [s.staff for s, off in zip(scenario.staffing[team].shifts, idle) if off]
        roster[team] = tuple(int(x) for x in counts)
        chosen.append(team)
    hourly = pd.DataFrame(rows, columns=["team", "hour", "arrivals_per_hour", "load", "model", "required"])
    hourly.insert(2, "time", pd.Timestamp(scenario.start) + pd.to_timedelta(hourly["hour"] * 60, unit="min"))
    return WarmStart(hourly=hourly, roster=roster, teams=tuple(chosen), workload=wl)


def _is_target_dict(targets) -> bool:
    return isinstance(targets, Mapping) and bool(targets) and all(isinstance(v, Target) for v in targets.values())


def _frontline_staff(scenario, full: Mapping, wl: Workload) -> np.ndarray:
    """Frontline agents on duty per hour: the roster, extended shifts, reserves and on-call (if activated)."""
    staff = np.asarray(full["frontline"], dtype=float) @ _coverage(scenario, "frontline", wl.hours)
    if wl.extend is not None:
        since, extend_by = wl.extend
        ext = np.zeros(wl.hours * 60)
        for n, shift in zip(full["frontline"], scenario.staffing["frontline"].shifts):
            spans = _shift_spans(scenario, shift)
            for i, (b, e) in enumerate(spans):
                joined = i + 1 < len(spans) and spans[i + 1][0] == e
                if n and not joined and since <= e < scenario.horizon:
                    ext[int(e):int(min(e + extend_by, scenario.horizon))] += n
        staff += ext.reshape(wl.hours, 60).mean(axis=1)
    if "frontline" in wl.extra:
        staff += wl.extra["frontline"]
    return staff


def erlang_kpis(scenario, roster: Mapping | None = None, options=None, wl: Workload | None = None) -> dict:
    """The stationary Erlang prediction of frontline KPIs for a roster.

    Per hour, the frontline agents on duty (rostered, plus the extended hours, reserves and on-call members
    the plan's estimated activation brings, see :class:`Workload`) go through :func:`_frontline_hour`; the
    hours are
    combined weighted by their arrivals: first_response_on_time (overall and per severity, answered
    contacts), abandon_rate (synchronous contacts) and wait_probability.
    """
    wl = wl or workload(scenario, options)
    staff = _frontline_staff(scenario, _full_roster(scenario, roster), wl)
    on_time = np.zeros(3)
    weight = np.zeros(3)
    abandon = sync = wait = arrivals = 0.0
    for h in range(wl.hours):
        m = _frontline_hour(wl, h, float(round(staff[h], 6)), scenario.plan)
        if m is None:
            continue
        on_time += m["lam"] * m["sl"]
        weight += m["lam"]
        abandon += m["abandon"] * m["sync"]
        sync += m["sync"]
        wait += m["wait_probability"] * m["lam"].sum()
        arrivals += m["lam"].sum()
    out = {"first_response_on_time": float(on_time.sum() / weight.sum()) if weight.sum() else math.nan,
           "abandon_rate": abandon / sync if sync else math.nan,
           "wait_probability": wait / arrivals if arrivals else math.nan}
    for s, name in enumerate(_SEVERITIES):
        out[f"first_response_on_time.{name}"] = float(on_time[s] / weight[s]) if weight[s] else math.nan
    return out


# --- the search ----------------------------------------------------------------------------------

@dataclass
class StaffingResult:
    """What :func:`find_staffing` found.

    ``roster``: team, shift, headcount, hours, cost (+ searched, warm_start, scenario headcounts);
    ``summary``: the KPI summary of the roster over the verification replications (fresh seeds), its
    target/direction/met/met_ci columns set to the targets searched; ``trace``: every candidate roster
    simulated (round, phase, roster, cost, met, reps, worst target and its margin, failing targets);
    ``cost``: the roster's cost; ``headcounts``: the roster as ``CentreOptions.staffing_overrides``;
    ``targets``: the targets the roster meets; ``unreachable``: targets no staffing met (not searched);
    ``not_applicable``: targets whose KPI was never observed in this scenario; ``seed`` and
    ``search_reps``: the search compared candidates on replications 0..search_reps-1 of ``seed``;
    ``verify_reps``: the replication indices of the final verification; ``verified``: it passed.
    """
    scenario: object
    roster: pd.DataFrame
    summary: pd.DataFrame
    trace: pd.DataFrame
    cost: float
    headcounts: dict
    targets: dict
    unreachable: pd.DataFrame
    not_applicable: tuple
    warm: WarmStart
    searched: tuple
    seed: int
    search_reps: int
    verify_reps: tuple
    verified: bool
    candidates: int
    runs: int
    brute_force: int
    seconds: float
    confidence: float
    options: object = None

    def centre_options(self):
        """CentreOptions running this roster (the search's other options kept)."""
        return replace(self.options, staffing_overrides={t: list(v) for t, v in self.headcounts.items()})

    def meets(self, runs: pd.DataFrame) -> bool:
        """Whether replications ``runs`` (one row per replication, KPI columns) meet every searched target."""
        return _judge(runs, self.targets, self.confidence)[0]


def _bound(values: np.ndarray, direction: str, confidence: float) -> float:
    """The confidence bound judged against a target: ci_low for ">=", ci_high for "<=" (Student t)."""
    from scipy import stats
    values = values[~np.isnan(values)]
    n = len(values)
    if n == 0:
        return math.nan
    mean = float(values.mean())
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1) * values.std(ddof=1) / math.sqrt(n)) if n > 1 else 0.0
    return mean - half if direction == ">=" else mean + half


def _judge(runs: pd.DataFrame, targets: Mapping[str, Target], confidence: float) -> tuple[bool, dict]:
    margins = {}
    for kpi, tgt in targets.items():
        values = runs[kpi].to_numpy(dtype=float) if kpi in runs else np.array([])
        margins[kpi] = tgt.margin(_bound(values, tgt.direction, confidence))
    return all(m >= 0 for m in margins.values()), margins


@dataclass
class _Eval:
    key: tuple
    met: bool
    margins: dict


class _Search:
    """Simulates candidate rosters on a fixed set of replications (common random numbers), with a cache."""

    def __init__(self, scenario, base_options, team_order, targets, confidence, seed, executor, bar,
                 on_candidate, cost_of):
        self.scenario = scenario
        self.base = base_options
        self.team_order = team_order
        self.targets = dict(targets)
        self.confidence = confidence
        self.seed = seed
        self.executor = executor
        self.bar = bar
        self.on_candidate = on_candidate
        self.cost_of = cost_of
        self.cache: dict[tuple, dict[int, pd.Series]] = {}
        self.trace: list[dict] = []
        self.errors: dict[tuple, dict[int, str]] = {}
        self.warned = False
        self.round = 0
        self.runs = 0

    def options_for(self, key):
        return replace(self.base, staffing_overrides={t: list(v) for t, v in zip(self.team_order, key)})

    def label(self, key) -> str:
        return " ".join(f"{t}={'/'.join(map(str, v))}" for t, v in zip(self.team_order, key))

    def frame(self, key, reps) -> pd.DataFrame:
        return pd.DataFrame([self.cache[key][r] for r in reps]).reset_index(drop=True)

    def judge(self, key, reps) -> _Eval:
        met, margins = _judge(self.frame(key, reps), self.targets, self.confidence)
        if any(r in self.errors.get(key, {}) for r in reps):
            met = False     # a run that failed is not evidence that the roster works
        return _Eval(key, met, margins)

    def _run_all(self, tasks: list[tuple]) -> list:
        """run_kpis for every task (in parallel on the executor); a run that raises gives its exception."""
        from concurrent.futures import BrokenExecutor

        from sim.simulation.replication import run_kpis
        if self.executor is None:
            out = []
            for args in tasks:
                try:
                    out.append(run_kpis(*args))
                except Exception as exc:  # noqa: BLE001 - reported in the trace, the candidate fails
                    out.append(exc)
            return out
        futures = [self.executor.submit(run_kpis, *args) for args in tasks]
        out = []
        for fut in futures:
            try:
                out.append(fut.result())
            except BrokenExecutor:
                raise
            except Exception as exc:  # noqa: BLE001 - reported in the trace, the candidate fails
                out.append(exc)
        return out

    def evaluate(self, keys: Sequence[tuple], reps: Sequence[int], phase: str) -> list[_Eval]:
        tasks, slots = [], []
        for key in dict.fromkeys(keys):
            have = self.cache.setdefault(key, {})
            for r in reps:
                if r not in have:
                    tasks.append((self.scenario, self.seed, r, self.options_for(key)))
                    slots.append((key, r))
        if tasks:
            for (key, r), kpis in zip(slots, self._run_all(tasks)):
                if isinstance(kpis, Exception):
                    message = f"{type(kpis).__name__}: {kpis}"
                    self.errors.setdefault(key, {})[r] = message
                    if not self.warned:
                        self.warned = True
                        warnings.warn(f"a simulation run failed (seed {self.seed}, replication {r}, roster "
                                      f"{self.label(key)}): {message}; the search counts that roster as missing "
                                      "its targets", RuntimeWarning, stacklevel=3)
                    kpis = pd.Series(dtype=float)
                self.cache[key][r] = kpis
            self.runs += len(tasks)
        fresh = dict.fromkeys(k for k, _ in slots)
        out = []
        for key in keys:
            ev = self.judge(key, reps)
            if key in fresh:
                fresh.pop(key)
                self._record(ev, reps, phase)
            out.append(ev)
        return out

    def _record(self, ev: _Eval, reps, phase: str) -> None:
        worst = min(ev.margins, key=ev.margins.get) if ev.margins else ""
        row = {"candidate": len(self.trace) + 1, "round": self.round, "phase": phase, "roster": self.label(ev.key),
               "cost": self.cost_of(ev.key), "met": ev.met, "reps": len(reps), "worst": worst,
               "margin": ev.margins.get(worst, math.nan),
               "failing": ", ".join([k for k, m in ev.margins.items() if m < 0]
                                    + sorted(set(self.errors.get(ev.key, {}).values())))}
        self.trace.append(row)
        if self.bar is not None:
            self.bar.update()
            self.bar.set_postfix_str(f"{phase} cost {row['cost']:,.0f} {'met' if ev.met else 'missed'}")
        if self.on_candidate is not None:
            self.on_candidate(row)


def find_staffing(scenario, targets=None, confidence: float = 0.95, reps: int = 4, executor=None,
                  progress: bool = True, *, verify_reps: int = 8, seed: int | None = None, options=None,
                  teams: Iterable[str] | None = None, max_rounds: int = 3, unreachable: str = "report",
                  on_candidate: Callable[[dict], None] | None = None, lang: str = "en") -> StaffingResult:
    """The cheapest roster (headcount per team and shift) whose confidence bound meets every target.

    Parameters
    ----------
    targets: ``None`` for the plan's ``kpi_targets``; or replacements (see :func:`resolve_targets`:
        ``{"first_response_on_time.major": 0.95}``, direction from the plan's target for that KPI, else
        ``>=`` for shares and ``<=`` for abandon_rate, wait_probability and times).
    confidence: of the Student-t interval; a target "at least v" needs ci_low >= v, "at most v" ci_high <= v.
    reps: replications per candidate during the search (replications 0..reps-1 of ``seed``: every
        candidate sees the same complaints, common random numbers).
    verify_reps: fresh replications (indices not used before) the final roster must pass as well; if it
        fails them, they join the search replications and the search continues (at most ``max_rounds``).
    executor: any ``concurrent.futures.Executor`` or a ``distributed.Client`` (default: a process pool
        over the available cores, shut down at the end). Results do not depend on the executor.
    options: a ``CentreOptions`` (surge multiplier, activation delay, ...) every candidate runs with;
        its staffing overrides are replaced by the candidate's and the event log is off.
    teams: search only these teams (default: every team whose staffing affects the targets; the others
        keep the scenario's headcounts).
    unreachable: "report" (default) leaves targets that even a generous roster misses out of the search and
        lists them in ``result.unreachable``; "raise" raises :class:`StaffingError` instead.
    on_candidate: called with each trace row as candidates are simulated (progress bars in a UI).

    The algorithm (warm start, feasibility by bisection to a ceiling roster, galloping greedy descent,
    polish, verification with fresh seeds) and the cost model are described at the top of this section.
    """
    from concurrent.futures import ProcessPoolExecutor

    from tqdm.auto import tqdm

    from sim.simulation.centre import CentreOptions
    from sim.simulation.metrics import summarise
    from sim.simulation.replication import as_executor, default_workers

    started = time.perf_counter()
    if not (isinstance(reps, Integral) and reps >= 2) or not (isinstance(verify_reps, Integral) and verify_reps >= 2):
        raise ValueError("reps and verify_reps must be whole numbers >= 2 (a confidence interval needs two runs)")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    if unreachable not in ("report", "raise"):
        raise ValueError("unreachable must be 'report' or 'raise'")
    all_targets = targets if _is_target_dict(targets) else resolve_targets(scenario, targets, lang)
    base = replace(options or CentreOptions(), record_log=False, staffing_overrides={})
    seed = scenario.seed if seed is None else int(seed)
    warm = warm_start(scenario, all_targets, base, teams)
    table = shift_table(scenario)
    team_order = tuple(scenario_roster(scenario))
    if not warm.teams:
        raise StaffingError(_t("staff.err.no_teams", lang))
    # Shifts searched: (team index, shift index) of the chosen teams, with paid hours in the horizon.
    searched = [(team_order.index(r.team), r.shift) for r in table.itertuples()
                if r.team in warm.teams and r.hours > 0]
    person = {(team_order.index(r.team), r.shift): r.hours * r.cost_per_hour for r in table.itertuples()
              if r.team in team_order}

    def cost_of(key) -> float:
        return float(sum(person[(i, k)] * n for i, counts in enumerate(key) for k, n in enumerate(counts)))

    def with_counts(key, changes: Mapping[tuple[int, int], int]) -> tuple:
        rows = [list(v) for v in key]
        for (i, k), n in changes.items():
            rows[i][k] = max(0, int(n))
        return tuple(tuple(v) for v in rows)

    start = tuple(tuple(warm.roster[t]) for t in team_order)
    ceiling = with_counts(start, {s: max(start[s[0]][s[1]] * 2 + 2,
                                         scenario.staffing[team_order[s[0]]].shifts[s[1]].staff) for s in searched})

    ex = as_executor(executor)
    own = None
    if ex is None and default_workers() > 1:
        own = ex = ProcessPoolExecutor(max_workers=default_workers())
    bar = tqdm(desc="staffing search", unit="roster", disable=not progress, leave=False)
    search = _Search(scenario, base, team_order, all_targets, confidence, seed, ex, bar, on_candidate, cost_of)
    dropped: dict[str, dict] = {}
    not_applicable: list[str] = []
    reps_now = list(range(reps))
    next_rep = reps

    def head(key, s):
        return key[s[0]][s[1]]

    def feasible(cur):
        """A roster meeting the targets on the current replications: cur itself, or one on the way to the
        ceiling (found by bisection). Targets no ceiling meets are dropped (or raise)."""
        nonlocal ceiling
        ev = search.evaluate([cur], reps_now, "start")[0]
        if search.round == 0 and not search.errors.get(cur):
            runs = search.frame(cur, reps_now)
            for kpi in list(search.targets):
                if kpi not in runs or runs[kpi].notna().sum() == 0:
                    not_applicable.append(kpi)
                    del search.targets[kpi]
            ev = search.judge(cur, reps_now)
        if ev.met:
            return cur
        top = search.evaluate([ceiling], reps_now, "ceiling")[0]
        if not top.met:
            bigger = with_counts(ceiling, {s: head(ceiling, s) * 2 for s in searched})
            big = search.evaluate([bigger], reps_now, "ceiling")[0]
            # Missed at the ceiling and at twice the ceiling: staffing does not move its confidence bound
            # (a plan rule or the noise of few replications limits it), so it is dropped.
            gone = [k for k, m in top.margins.items() if m < 0 and big.margins[k] < 0]
            rest = {k: v for k, v in search.targets.items() if k not in gone}
            if not _judge(search.frame(ceiling, reps_now), rest, confidence)[0]:
                ceiling = bigger        # still short at the ceiling: twice it; what misses there is dropped
                gone += [k for k, m in big.margins.items() if m < 0 and k not in gone]
            for kpi in gone:
                runs = search.frame(bigger, reps_now)
                tgt = search.targets[kpi]
                dropped[kpi] = {"kpi": kpi, "direction": tgt.direction, "target": tgt.value,
                                "best_mean": float(runs[kpi].mean()),
                                "best_bound": _bound(runs[kpi].to_numpy(float), tgt.direction, confidence),
                                "roster": search.label(bigger)}
            if gone and unreachable == "raise":
                raise StaffingError(_t("staff.err.unreachable", lang, targets="; ".join(
                    f"{search.targets[k]} ({dropped[k]['best_mean']:.3f})" for k in gone)))
            for kpi in gone:
                search.targets.pop(kpi, None)
            if not search.targets:
                raise StaffingError(_t("staff.err.nothing_left", lang))
            if search.judge(cur, reps_now).met:
                return cur
        lo, hi = 0.0, 1.0

        def path(a):
            return with_counts(cur, {s: head(cur, s) + math.ceil(a * (head(ceiling, s) - head(cur, s)) - 1e-9)
                                     for s in searched if head(ceiling, s) > head(cur, s)})
        for _ in range(4):
            mid = (lo + hi) / 2
            key = path(mid)
            if key in (path(lo), path(hi)):
                break
            if search.evaluate([key], reps_now, "up")[0].met:
                hi = mid
            else:
                lo = mid
        return path(hi)

    def shrink(cur, shifts, phase, last_fail):
        """Remove as many people as possible from each of ``shifts`` at once (capped at each headcount):
        galloping from a quarter of the typical headcount, then bisection between the largest removal
        that kept the targets and the smallest that broke one."""
        def minus(m):
            return with_counts(cur, {s: head(cur, s) - m for s in shifts})
        top = max(head(cur, s) for s in shifts)
        staffed = [head(cur, s) for s in shifts if head(cur, s) > 0]
        good, bad = 0, None
        m = max(1, int(np.median(staffed)) // 4) if staffed else 0
        while 0 < top and good < m:
            m = min(m, top)
            if bad is not None and m >= bad:
                m = (good + bad) // 2
                if m <= good:
                    break
            if search.evaluate([minus(m)], reps_now, phase)[0].met:
                good = m
                if m == top:
                    break
                m = m * 2 if bad is None else (good + bad) // 2
            else:
                bad = m
                m = (good + bad) // 2
        result = minus(good)
        if len(shifts) == 1 and bad == good + 1:
            last_fail[shifts[0]] = result        # one more off this shift breaks a target
        return result

    def descend(cur):
        """Greedy removal (team blocks, then single shifts by cost per person), galloping, then polish."""
        last_fail: dict[tuple, tuple] = {}
        team_cost = {}
        for s in searched:
            team_cost[s[0]] = team_cost.get(s[0], 0.0) + person[s] * head(cur, s)
        for i in sorted(team_cost, key=lambda i: -team_cost[i]):
            mine = [s for s in searched if s[0] == i and head(cur, s) > 0]
            if len(mine) > 1:
                cur = shrink(cur, mine, "team", last_fail)
        for s in sorted(searched, key=lambda s: (-person[s], s)):
            if head(cur, s) > 0:
                cur = shrink(cur, [s], "shift", last_fail)
        while True:   # polish: removing any one person must fail, at the final roster
            todo = [s for s in searched if head(cur, s) > 0 and last_fail.get(s) != cur]
            if not todo:
                return cur
            cands = [with_counts(cur, {s: head(cur, s) - 1}) for s in todo]
            evs = search.evaluate(cands, reps_now, "polish")
            passing = [(person[s], s, ev.key) for s, ev in zip(todo, evs) if ev.met]
            for s in todo:
                last_fail[s] = cur
            if not passing:
                return cur
            cur = max(passing)[2]

    try:
        cur = start
        verified = False
        ver: list[int] = []
        for rnd in range(max_rounds):
            search.round = rnd
            cur = feasible(cur)
            cur = descend(cur)
            ver = list(range(next_rep, next_rep + verify_reps))
            next_rep += verify_reps
            if search.evaluate([cur], ver, "verify")[0].met:
                verified = True
                break
            reps_now = reps_now + ver
        if not verified:
            warnings.warn(_t("staff.not_verified", lang, rounds=max_rounds), RuntimeWarning, stacklevel=2)
    finally:
        bar.close()
        if own is not None:
            own.shutdown()

    headcounts = {t: tuple(v) for t, v in zip(team_order, cur)}
    roster = roster_frame(scenario, headcounts)
    searched_teams = {team_order[i] for i, _ in searched}
    roster["searched"] = roster["team"].isin(searched_teams)
    roster["warm_start"] = [warm.roster[t][k] for t in team_order for k in range(len(warm.roster[t]))]
    roster["scenario"] = [s.staff for t in team_order for s in scenario.staffing[t].shifts]
    runs = search.frame(cur, ver)
    summary = summarise(runs, scenario.plan, confidence)
    shown = {k: v for k, v in all_targets.items() if k not in not_applicable}
    summary["target"] = [shown[k].value if k in shown else math.nan for k in summary["kpi"]]
    summary["direction"] = [shown[k].direction if k in shown else "" for k in summary["kpi"]]
    summary["met"] = [shown[k].met(m) if k in shown else pd.NA for k, m in zip(summary["kpi"], summary["mean"])]
    summary["met_ci"] = [shown[k].met(lo if shown[k].direction == ">=" else hi) if k in shown else pd.NA
                         for k, lo, hi in zip(summary["kpi"], summary["ci_low"], summary["ci_high"])]
    brute = 1
    for s in searched:
        brute *= head(ceiling, s) + 1
    return StaffingResult(
        scenario=scenario, roster=roster, summary=summary, trace=pd.DataFrame(search.trace), cost=cost_of(cur),
        headcounts=headcounts, targets=dict(search.targets),
        unreachable=pd.DataFrame(list(dropped.values()),
                                 columns=["kpi", "direction", "target", "best_mean", "best_bound", "roster"]),
        not_applicable=tuple(not_applicable), warm=warm, searched=tuple(t for t in team_order if t in searched_teams),
        seed=seed, search_reps=len(reps_now), verify_reps=tuple(ver), verified=verified,
        candidates=len(search.trace), runs=search.runs, brute_force=brute,
        seconds=time.perf_counter() - started, confidence=confidence, options=base)


def unstaffed_teams(result: StaffingResult) -> list[tuple[str, float]]:
    """Teams the plan routes work to but the roster found leaves with nobody on shift: (team, tasks).

    Their work then waits for reserves or on-call members; when this happens the targets did not need
    them within the horizon (e.g. only an overall resolution share is targeted, which minor complaints
    resolved at first contact dominate). Add per-severity targets to require them.
    """
    wl = result.warm.workload
    out = []
    for team, counts in result.headcounts.items():
        if team == "frontline" or team not in result.searched or sum(counts) > 0:
            continue
        tasks = float(wl.team_lam.get(team, np.zeros(1)).sum() * 60)
        if tasks > 0:
            out.append((team, tasks))
    return out


def staffing_curve(scenario, roster: Mapping | None = None, *, team: str = "frontline",
                   deltas: Sequence[int] = (-3, -2, -1, 0, 1, 2, 3), reps: int = 4, seed: int | None = None,
                   executor=None, options=None, confidence: float = 0.95,
                   kpis: Sequence[str] = ("first_response_on_time", "abandon_rate")) -> pd.DataFrame:
    """Staff vs KPI for ``team`` around a roster: the simulation (mean and CI over ``reps`` replications,
    the same seeds for every point) and the stationary Erlang prediction (:func:`erlang_kpis`, frontline
    only, rostered staff only).

    Each point adds ``delta`` people to every shift of ``team`` that works within the horizon (never below
    0). Returns one row per delta and KPI: delta, staff (mean rostered headcount of the team on duty over
    the horizon), kpi, mean, ci_low, ci_high, erlang, target, direction.
    """
    from concurrent.futures import ProcessPoolExecutor

    from sim.simulation.centre import CentreOptions
    from sim.simulation.metrics import summarise
    from sim.simulation.replication import as_executor, default_workers, map_runs, run_kpis
    full = _full_roster(scenario, roster)
    if team not in full:
        raise ValueError(f"team {team!r} has no shifts; teams with shifts: {', '.join(full)}")
    table = shift_table(scenario)
    hours = table[table.team == team]["hours"].to_numpy()
    base = replace(options or CentreOptions(), record_log=False)
    seed = scenario.seed if seed is None else seed
    wl = workload(scenario, base)
    targets = resolve_targets(scenario) if scenario.plan.kpi_targets else {}
    points = []
    for d in deltas:
        counts = tuple(max(0, c + d) if h > 0 else c for c, h in zip(full[team], hours))
        points.append((d, {**full, team: counts}))
    tasks = [(scenario, seed, r, replace(base, staffing_overrides={t: list(v) for t, v in ros.items()}))
             for _, ros in points for r in range(reps)]
    ex = as_executor(executor)
    own = None
    if ex is None and default_workers() > 1 and len(tasks) > 1:
        own = ex = ProcessPoolExecutor(max_workers=default_workers())
    try:
        results = map_runs(run_kpis, tasks, ex, progress=False)
    finally:
        if own is not None:
            own.shutdown()
    rows = []
    horizon_hours = scenario.horizon / 60.0
    for i, (d, ros) in enumerate(points):
        runs = pd.DataFrame(results[i * reps:(i + 1) * reps])
        summary = summarise(runs, scenario.plan, confidence).set_index("kpi")
        erl = erlang_kpis(scenario, ros, base, wl) if team == "frontline" else {}
        staff = float(np.dot(ros[team], hours) / horizon_hours)
        for kpi in kpis:
            tgt = targets.get(kpi)
            rows.append({"delta": d, "staff": staff, "kpi": kpi, "mean": summary.loc[kpi, "mean"],
                         "ci_low": summary.loc[kpi, "ci_low"], "ci_high": summary.loc[kpi, "ci_high"],
                         "erlang": erl.get(kpi, math.nan), "target": tgt.value if tgt else math.nan,
                         "direction": tgt.direction if tgt else ""})
    return pd.DataFrame(rows)
