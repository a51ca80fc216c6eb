"""Service times and patience as functions of one uniform draw.

Each complaint pre-draws its uniforms (see :mod:`sim.simulation.centre`), and a distribution turns a
uniform into minutes by inverse transform, so two staffing variants given the same seed see the same
customers needing the same work (common random numbers).

    >>> from sim.format.scenario import Dist
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

    from sim.format.scenario import Dist

_INV_NORMAL = NormalDist().inv_cdf


def sampler(dist: Dist) -> Callable[[float], float]:
    """A function u -> duration (minutes) by inverse transform, so one uniform per need gives CRN."""
    kind = dist.kind
    if kind == "exponential":
        mean = dist.exponential.mean
        return lambda u: -mean * math.log1p(-u)
    if kind == "lognormal":
        mean, cv = dist.lognormal.mean, dist.lognormal.cv
        sigma = math.sqrt(math.log1p(cv * cv))
        mu = math.log(mean) - sigma * sigma / 2
        return lambda u: math.exp(mu + sigma * _INV_NORMAL(min(max(u, 1e-12), 1 - 1e-12)))
    if kind == "fixed":
        value = dist.fixed
        return lambda u: value
    values = tuple(dist.empirical)
    n = len(values)
    return lambda u: values[min(int(u * n), n - 1)]
