"""Service times and patience as functions of one uniform draw.

Each complaint pre-draws its uniforms (the ``U_*`` columns of :mod:`sim.simulation.records`), and a
distribution turns a uniform into minutes by inverse transform, so two staffing variants given the same
seed see the same customers needing the same work (common random numbers).

    >>> from sim.format.distributions import Dist
    >>> sampler(Dist.model_validate({"fixed": "5min"}))(0.3)
    5.0
    >>> round(sampler(Dist.model_validate({"exponential": {"mean": "10min"}}))(0.5), 4)   # median = mean·ln 2
    6.9315
"""
from __future__ import annotations

import math
from statistics import NormalDist
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from sim.format.distributions import Dist
    from sim.format.scenario import Scenario

    Sampler = Callable[[float], float]

try:        # the C function behind NormalDist.inv_cdf (CPython), without its method call and checks
    from statistics import _normal_dist_inv_cdf  # type: ignore[attr-defined]
except ImportError:                                     # another Python: the method, the same numbers
    def _normal_dist_inv_cdf(p: float, mu: float, sigma: float) -> float:
        return NormalDist(mu, sigma).inv_cdf(p)


def sampler(dist: Dist) -> Sampler:
    """A function u -> duration (minutes) by inverse transform, so one uniform per need gives CRN."""
    if dist.exponential is not None:
        mean = dist.exponential.mean
        return lambda u: -mean * math.log1p(-u)
    if dist.lognormal is not None:
        mean, cv = dist.lognormal.mean, dist.lognormal.cv
        sigma = math.sqrt(math.log1p(cv * cv))
        mu = math.log(mean) - sigma * sigma / 2

        def lognormal(u: float) -> float:
            if not 1e-12 < u < 1 - 1e-12:          # clamped only when it must be (the common case skips it)
                u = min(max(u, 1e-12), 1 - 1e-12)
            return math.exp(_normal_dist_inv_cdf(u, mu, sigma))      # = exp(mu + sigma * z(u)), bit for bit
        return lognormal
    if dist.fixed is not None:
        value: float = dist.fixed
        return lambda u: value
    values = tuple(dist.empirical or ())
    n = len(values)
    return lambda u: values[min(int(u * n), n - 1)]


def sampler_or_none(dist: Dist | None) -> Sampler | None:
    """The sampler of ``dist``, or None where the scenario gives no distribution (no patience: never hangs up)."""
    return sampler(dist) if dist is not None else None


def _no_time(_u: float) -> float:
    return 0.0


class ServiceSamplers:
    """How long each piece of work takes: one sampler per (team, activity, category index), built on first
    use from the scenario's service times (the category's override, else the team's). Work the scenario
    gives no time for takes none.

        >>> from sim.format.library import find_scenario
        >>> times = ServiceSamplers(find_scenario("product_defect_surge"))
        >>> times.time(("frontline", "intake", 0), 0.5) > 0, times.time(("canteen", "intake", 0), 0.5)
        (True, 0.0)
    """

    def __init__(self, scenario: Scenario):
        self.service_times = scenario.service_times
        self.categories = tuple(scenario.plan.categories)
        self._by_key: dict[tuple[str, str, int], Sampler] = {}

    def time(self, key: tuple[str, str, int], u: float) -> float:
        """Minutes the piece of work ``key`` = (team, activity, category index) takes for uniform ``u``."""
        fn = self._by_key.get(key)
        if fn is None:
            fn = self.sampler(key)
        return fn(u)

    def sampler(self, key: tuple[str, str, int]) -> Sampler:
        """The sampler of the piece of work ``key`` = (team, activity, category index)."""
        fn = self._by_key.get(key)
        if fn is None:
            team, activity, cat = key
            times = self.service_times.get(team)
            dist = times.get(activity, self.categories[cat]) if times is not None else None
            fn = self._by_key[key] = sampler(dist) if dist is not None else _no_time
        return fn

    def by_category(self, team: str, activity: str) -> list[Sampler]:
        """One team's activity, a sampler per category index (for the work every complaint needs)."""
        return [self.sampler((team, activity, k)) for k in range(len(self.categories))]
