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

The quantiles are computed here (:func:`normal_quantile` from the standard library, :func:`student_t_quantile`
by a few lines of numerics), not taken from SciPy: ``sim run`` needs two numbers from them, and importing
``scipy.stats`` for those cost half a second of every run's start-up.

    >>> lo, hi = wilson(81, 263, 0.95)          # Newcombe (1998), example 2: 0.2553 to 0.3662
    >>> round(lo, 4), round(hi, 4)
    (0.2553, 0.3662)
    >>> lo, hi, how = proportion_interval(np.array([0.90, 0.95, 0.99]), None, 0.95)
    >>> how, 0 < lo < 0.9467 < hi < 1
    ('logit', True)
"""
from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np


def z_value(confidence: float) -> float:
    """The standard normal quantile of a two-sided ``confidence`` (1.95996… for 0.95)."""
    return normal_quantile(0.5 + confidence / 2)


def t_value(confidence: float, k: int) -> float:
    """The Student-t quantile of a two-sided ``confidence`` for the mean of ``k`` values (k - 1 d.f.).

    >>> round(t_value(0.95, 2), 3), round(t_value(0.95, 20), 3)      # the t-table: 1 and 19 d.f.
    (12.706, 2.093)
    """
    return student_t_quantile(0.5 + confidence / 2, k - 1)


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


# --- Quantiles ------------------------------------------------------------------------------------------------
# Cornish-Fisher terms of the Student t quantile in powers of 1/d.f. (Abramowitz & Stegun 26.7.5): the start of
# the search below, and the answer itself from _CORNISH_FISHER_DF d.f. on, where the next term is below 1e-15.
_CORNISH_FISHER_DF = 1e5


def normal_quantile(p: float) -> float:
    """The standard normal quantile of ``p`` (the inverse of its distribution function)."""
    return NormalDist().inv_cdf(p)


def student_t_quantile(p: float, df: float) -> float:
    """The quantile of ``p`` of Student's t with ``df`` degrees of freedom, to 1e-9 relative or better.

    One and two d.f. have closed forms; otherwise Newton's method on the upper tail, kept inside a bracket
    that always holds the answer (a step leaving it bisects instead), starts from the Cornish-Fisher value.

    >>> round(student_t_quantile(0.975, 1), 3), round(student_t_quantile(0.975, 19), 3)
    (12.706, 2.093)
    >>> student_t_quantile(0.5, 7), student_t_quantile(0.025, 19) == -student_t_quantile(0.975, 19)
    (0.0, True)
    """
    if not 0.0 < p < 1.0 or not df > 0:
        raise ValueError(f"need 0 < p < 1 and df > 0, got p={p!r}, df={df!r}")
    if p == 0.5:
        return 0.0
    tail = min(p, 1.0 - p)                      # the upper tail beyond |t|
    sign = 1.0 if p > 0.5 else -1.0
    if df == 1:                                 # Cauchy
        return sign / math.tan(math.pi * tail)
    if df == 2:
        return sign * (1.0 - 2.0 * tail) / math.sqrt(2.0 * tail * (1.0 - tail))
    t = _cornish_fisher(NormalDist().inv_cdf(1.0 - tail), df)
    if df >= _CORNISH_FISHER_DF:
        return sign * t
    if not 0.0 < t < math.inf:                  # the series diverges below one d.f.: start anywhere
        t = 1.0
    low, high = 0.0, math.inf                   # upper_tail(low) > tail >= upper_tail(high)
    for _ in range(200):
        excess = _upper_tail(t, df) - tail      # > 0: t is too small
        if excess > 0:
            low = t
        else:
            high = t
        step = excess / _density(t, df)
        guess = t + step
        if not low < guess < high:              # Newton left the bracket: bisect (or double while unbounded)
            guess = 2.0 * low + 1.0 if math.isinf(high) else (low + high) / 2.0
        if abs(guess - t) <= 1e-14 * abs(t):
            return sign * guess
        t = guess
    return sign * t


def _cornish_fisher(z: float, df: float) -> float:
    z2 = z * z
    g1 = (z2 + 1) * z / 4
    g2 = ((5 * z2 + 16) * z2 + 3) * z / 96
    g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384
    g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160
    return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df


def _density(t: float, df: float) -> float:
    """Student t's density at ``t``."""
    return math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
                    - (df + 1) / 2 * math.log1p(t * t / df))


def _upper_tail(t: float, df: float) -> float:
    """P(T > t) for t >= 0: half the regularised incomplete beta I_x(df/2, 1/2), x = df / (df + t²)."""
    t2 = t * t
    return 0.5 * _incomplete_beta(df / 2, 0.5, df / (df + t2), t2 / (df + t2))


def _incomplete_beta(a: float, b: float, x: float, y: float) -> float:
    """The regularised incomplete beta I_x(a, b), ``y`` = 1 - x given exactly; by its continued fraction
    (Numerical Recipes' betacf, modified Lentz), on the side of x where that converges quickly."""
    if x <= 0.0:
        return 0.0
    if y <= 0.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(y))
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, y) / b


def _beta_fraction(a: float, b: float, x: float) -> float:
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 100_000):
        m2 = 2 * m
        for coefficient in (m * (b - m) * x / ((a + m2 - 1) * (a + m2)),
                            -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))):
            d = 1.0 + coefficient * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + coefficient / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-16:
            break
    return h
