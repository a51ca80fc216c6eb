"""Confidence intervals for KPI means that stay inside the KPI's range.

A KPI measured over replications gets a confidence interval for its mean. Most KPIs (minutes, counts,
costs) get the usual Student-t interval. A *proportion* (a share on time, the abandon rate, satisfaction,
utilisation) lives in [0, 1], and the t-interval ``mean ± t·s/√k`` can leave that range when the share
is near 0 or 1 (``0.982 [0.877, 1.087]``). Proportions therefore get one of two intervals that cannot:

* **Wilson score interval** (:func:`wilson`) on counts ``x`` of ``n``, for a single replication (its own
  complaints are the sample) — and, for several replications, when their shares do not differ at all
  (all on time, say), so that the between-replication spread is zero and the complaints pooled over the
  replications are the only measure of uncertainty left. At 0 of n its lower end is exactly 0, at n of
  n its upper end exactly 1.
* **Logit interval** (:func:`logit_interval`) for two or more replications: the t-interval of the mean
  share built on the log-odds scale and mapped back, ``expit(logit(m) ± t·s/(√k·m(1-m)))`` (the delta
  method; survey statistics' "logit" interval for a proportion, e.g. R's ``svyciprop(method = "logit")``,
  with replications as the independent units). It rests on the replications' own spread — the honest
  uncertainty of a complex, autocorrelated system — and, unlike Wilson on pooled counts, does not treat
  thousands of complaints of a few runs as independent coin tosses. It always contains the mean, is
  close to the t-interval away from 0 and 1, and only approaches the ends.

:func:`proportion_interval` picks between them; every interval here returns ``(low, high, method)``,
``method`` naming it (``"t"``, ``"logit"``, ``"wilson"``, or ``""`` when there is nothing to measure a
spread with: no value, or one value without counts).

    >>> lo, hi = wilson(81, 263, 0.95)          # Newcombe (1998), example 2: 0.2553 to 0.3662
    >>> round(lo, 4), round(hi, 4)
    (0.2553, 0.3662)
    >>> lo, hi, how = proportion_interval(np.array([0.90, 0.95, 0.99]), None, 0.95)
    >>> how, 0 < lo < 0.9467 < hi < 1
    ('logit', True)
"""
from __future__ import annotations

import math

import numpy as np
from scipy import stats


def z_value(confidence: float) -> float:
    """The standard normal quantile of a two-sided ``confidence`` (1.95996… for 0.95)."""
    return float(stats.norm.ppf(0.5 + confidence / 2))


def t_value(confidence: float, k: int) -> float:
    """The Student-t quantile of a two-sided ``confidence`` for the mean of ``k`` values (k - 1 d.f.)."""
    return float(stats.t.ppf(0.5 + confidence / 2, k - 1))


def t_half_width(values: np.ndarray, confidence: float) -> float:
    """Half-width of the Student-t confidence interval of the mean of ``values`` (NaN-free): NaN for no
    value, 0 for one (a single replication has no spread to measure).

    >>> t_half_width(np.array([1.0, 2.0, 3.0]), 0.95)   # t(0.975, 2) x 1 / sqrt(3)
    2.4841...
    """
    n = len(values)
    if n > 1:
        return t_value(confidence, n) * float(values.std(ddof=1)) / math.sqrt(n)
    return math.nan if n == 0 else 0.0


def t_interval(values: np.ndarray, confidence: float) -> tuple[float, float, str]:
    """The Student-t interval of the mean of ``values`` (NaN-free); a single value is its own interval."""
    if not len(values):
        return math.nan, math.nan, ""
    mean = float(values.mean())
    half = t_half_width(values, confidence)
    return mean - half, mean + half, "t" if len(values) > 1 else ""


def wilson(successes: float, n: float, confidence: float) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``successes`` of ``n`` (NaN, NaN when n is 0).

    >>> wilson(0, 20, 0.95)              # Newcombe (1998): 0 of 20 -> 0 to 0.1611
    (0.0, 0.161...)
    >>> wilson(20, 20, 0.95)[1]
    1.0
    """
    if n <= 0:
        return math.nan, math.nan
    z = z_value(confidence)
    p = successes / n
    z2n = z * z / n
    centre = (p + z2n / 2) / (1 + z2n)
    half = z / (1 + z2n) * math.sqrt(p * (1 - p) / n + z2n / (4 * n))
    # At 0 of n (n of n) the lower (upper) end is exactly 0 (1); rounding must not push it past the end.
    low = 0.0 if successes <= 0 else max(0.0, centre - half)
    high = 1.0 if successes >= n else min(1.0, centre + half)
    return low, high


def logit_interval(values: np.ndarray, confidence: float) -> tuple[float, float] | None:
    """The t-interval of the mean share on the log-odds scale, mapped back into (0, 1); None when the
    shares do not vary or their mean is 0 or 1 (no spread to build it on)."""
    k = len(values)
    if k < 2:
        return None
    m = float(values.mean())
    # Equal shares are tested as such: their computed spread is rounding noise (1e-17), not a spread.
    if not (0.0 < m < 1.0) or values.min() == values.max():
        return None
    se = float(values.std(ddof=1)) / math.sqrt(k)
    half = t_value(confidence, k) * se / (m * (1.0 - m))
    centre = math.log(m / (1.0 - m))
    return _expit(centre - half), _expit(centre + half)


def proportion_interval(values: np.ndarray, counts: np.ndarray | None, confidence: float
                        ) -> tuple[float, float, str]:
    """An interval for the mean of per-replication shares ``values`` (NaN-free) inside [0, 1].

    ``counts``: how many complaints each share is over (None for a share of time, such as utilisation).
    Two or more replications that vary: :func:`logit_interval`. Otherwise Wilson on the counts pooled
    over the replications (one replication: its own counts), or no interval without counts.
    """
    k = len(values)
    if k == 0:
        return math.nan, math.nan, ""
    logit = logit_interval(values, confidence)
    if logit is not None:
        return logit[0], logit[1], "logit"
    if counts is not None and counts.sum() > 0:
        n = float(counts.sum())
        return (*wilson(float((values * counts).sum()), n, confidence), "wilson")
    mean = float(values.mean())
    return mean, mean, ""


def _expit(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
