"""Fitting a duration distribution to observed times, the way a scenario can then write it.

**The choice among families.** Exponential, lognormal and gamma are each fitted by maximum likelihood and
the one with the smallest AIC (2k - 2 log L: one parameter for the exponential, two for the others) is
chosen and sets the spread (cv), while the mean written is the sample mean (unbiased whatever the family,
with its normal 95 % interval); the Kolmogorov-Smirnov statistic of the chosen fit (largest gap between the data's and the fit's
cumulative distribution) is reported as its goodness of fit. The scenario format has no gamma
(:mod:`sim.format.distributions`): a gamma is written as the lognormal with the same mean and cv, and the
comment says so.

**Censored times (patience).** A caller who hung up after t minutes shows their patience was t; one who
was answered after waiting t shows only that it was longer (right-censored). :func:`fit_censored` fits the
exponential (closed form: total time at risk over the number of hang-ups) and the lognormal (numerical
maximum likelihood with the survival function for censored times) and chooses by AIC; :func:`kaplan_meier`
gives the non-parametric survival curve the plots compare them with.

**Moments only.** Where a time is identified only through a sum or a difference (intake = a call's whole
contact minus the frontline resolution), :func:`from_moments` writes a lognormal of that mean and cv.

    >>> fit = fit_times(np.random.default_rng(1).exponential(10.0, 20_000))
    >>> fit.family, round(fit.mean, 1), fit.as_dist()["exponential"]["mean"]
    ('exponential', 10.0, '9.97min')
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special, stats

FAMILIES = ("exponential", "lognormal", "gamma")
Z95 = 1.959963984540054


@dataclass(frozen=True)
class DistFit:
    """A fitted duration distribution (minutes): family, mean and cv, the mean's 95 % interval, n, goodness."""
    family: str                  # exponential, lognormal, gamma, or "moments" (from_moments)
    mean: float
    cv: float
    n: int                       # observations used (for censored data: events, i.e. hang-ups)
    mean_low: float
    mean_high: float
    ks: float = math.nan         # Kolmogorov-Smirnov statistic of the chosen fit
    aic: dict[str, float] = field(default_factory=dict)
    censored: int = 0            # right-censored observations (patience)
    dropped: int = 0             # times <= 0 or missing, left out

    @property
    def written(self) -> str:
        """The family as the scenario writes it (no gamma in the format: a lognormal of the same mean and cv)."""
        return "exponential" if self.family == "exponential" else "lognormal"

    def as_dist(self) -> dict:
        """The scenario format's distribution: ``{exponential: {mean}}`` or ``{lognormal: {mean, cv}}``."""
        if self.written == "exponential":
            return {"exponential": {"mean": duration_text(self.mean)}}
        return {"lognormal": {"mean": duration_text(self.mean), "cv": round(min(max(self.cv, 0.05), 10.0), 3)}}

    def describe(self) -> str:
        """One line for a comment: family, mean with its interval, cv, n, KS (no language: numbers and ids)."""
        text = (f"{self.family} mean {self.mean:.2f} min [{self.mean_low:.2f}, {self.mean_high:.2f}] "
                f"cv {self.cv:.2f}, n={self.n}")
        if self.censored:
            text += f" (+{self.censored} censored)"
        if not math.isnan(self.ks):
            text += f", KS {self.ks:.3f}"
        if self.aic:
            text += ", AIC " + " ".join(f"{k[:3]}={v:.0f}" for k, v in self.aic.items())
        return text


def duration_text(minutes: float) -> str:
    """A duration the format reads, to about 3 significant figures: '45.2min', '7.5s' for very short ones.

    >>> duration_text(45.234), duration_text(0.125), duration_text(1234.5)
    ('45.2min', '7.5s', '1234min')
    """
    if minutes < 1:
        return f"{_sig(minutes * 60)}s"
    return f"{_sig(minutes)}min"


def _sig(x: float) -> str:
    digits = max(0, 2 - math.floor(math.log10(abs(x)))) if x else 0
    return f"{round(x, digits):.{digits}f}".rstrip("0").rstrip(".") if digits else f"{round(x):.0f}"


def _mean_interval(x: np.ndarray) -> tuple[float, float]:
    """The sample mean's 95 % normal interval (family-free; n is large wherever a fit is written)."""
    half = Z95 * float(x.std(ddof=1)) / math.sqrt(len(x)) if len(x) > 1 else math.inf
    return float(x.mean()) - half, float(x.mean()) + half


def _gamma_shape(x: np.ndarray) -> float:
    """Gamma shape by maximum likelihood: Minka's closed-form start, then Newton steps on log k."""
    s = math.log(float(x.mean())) - float(np.log(x).mean())
    if s <= 0:
        return 1e6
    k = (3 - s + math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s)
    for _ in range(6):
        k -= (math.log(k) - special.digamma(k) - s) / (1 / k - special.polygamma(1, k))
        k = max(k, 1e-6)
    return k


def fit_times(values: np.ndarray) -> DistFit:
    """Exponential, lognormal and gamma fitted to positive times (minutes); the smallest AIC is chosen."""
    raw = np.asarray(values, dtype=float)
    x = raw[np.isfinite(raw) & (raw > 0)]
    dropped = len(raw) - len(x)
    n = len(x)
    if n < 2:
        raise ValueError(f"at least 2 positive times are needed to fit a distribution, got {n}")
    mean = float(x.mean())
    logs = np.log(x)
    mu, sigma = float(logs.mean()), float(logs.std()) or 1e-9
    k = _gamma_shape(x)
    scale = mean / k
    loglik = {
        "exponential": float(stats.expon.logpdf(x, scale=mean).sum()),
        "lognormal": float(stats.lognorm.logpdf(x, sigma, scale=math.exp(mu)).sum()),
        "gamma": float(stats.gamma.logpdf(x, k, scale=scale).sum()),
    }
    aic = {f: 2 * (1 if f == "exponential" else 2) - 2 * ll for f, ll in loglik.items()}
    best = min(aic, key=aic.__getitem__)
    cdf = {"exponential": lambda t: stats.expon.cdf(t, scale=mean),
           "lognormal": lambda t: stats.lognorm.cdf(t, sigma, scale=math.exp(mu)),
           "gamma": lambda t: stats.gamma.cdf(t, k, scale=scale)}[best]
    ks = float(stats.kstest(x, cdf).statistic)
    if best == "exponential":
        fit_mean, cv = mean, 1.0
    elif best == "lognormal":        # the sample mean is written (unbiased whatever the family); the family sets cv
        fit_mean, cv = mean, math.sqrt(math.expm1(sigma * sigma))
    else:
        fit_mean, cv = mean, 1 / math.sqrt(k)
    low, high = _mean_interval(x)
    return DistFit(best, fit_mean, cv, n, low, high, ks, aic, dropped=dropped)


def from_moments(mean: float, variance: float, n: int, mean_se: float) -> DistFit:
    """A lognormal of this mean and variance (a time identified through its moments only)."""
    cv = math.sqrt(max(variance, 0.0)) / mean if mean > 0 else math.nan
    if not cv > 0.05:
        cv = 0.05
    return DistFit("moments", mean, cv, n, mean - Z95 * mean_se, mean + Z95 * mean_se)


def fit_censored(times: np.ndarray, events: np.ndarray) -> DistFit:
    """Exponential and lognormal fitted to right-censored times (``events`` true: the time was observed,
    false: only known to be longer), chosen by AIC; the interval is the exponential's (d events)."""
    t = np.asarray(times, dtype=float)
    e = np.asarray(events, dtype=bool)
    keep = np.isfinite(t) & (t >= 0)
    t, e = t[keep], e[keep]
    d = int(e.sum())
    if d < 2:
        raise ValueError(f"at least 2 observed hang-ups are needed to fit patience, got {d}")
    exposure = float(t.sum())
    mean_exp = exposure / d
    ll_exp = -d * math.log(mean_exp) - exposure / mean_exp
    pos = np.maximum(t, 1e-6)
    logs = np.log(pos)

    def nll(params: np.ndarray) -> float:
        mu, log_s = params
        s = math.exp(log_s)
        z = (logs - mu) / s
        ll = np.where(e, stats.norm.logpdf(z) - math.log(s) - logs, stats.norm.logsf(z))
        return -float(ll.sum())

    start = np.array([float(logs[e].mean()) + 0.5, math.log(float(logs[e].std()) or 0.5)])
    res = optimize.minimize(nll, start, method="Nelder-Mead", options={"xatol": 1e-4, "fatol": 1e-3})
    mu, s = float(res.x[0]), math.exp(float(res.x[1]))
    aic = {"exponential": 2 - 2 * ll_exp, "lognormal": 4 + 2 * float(res.fun)}
    if aic["exponential"] <= aic["lognormal"]:
        family, mean, cv = "exponential", mean_exp, 1.0
    else:
        family, mean, cv = "lognormal", math.exp(mu + s * s / 2), math.sqrt(math.expm1(s * s))
    rel = Z95 / math.sqrt(d)
    return DistFit(family, mean, cv, d, mean * (1 - rel), mean * (1 + rel), aic=aic, censored=len(t) - d,
                   dropped=int((~keep).sum()))


def kaplan_meier(times: np.ndarray, events: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The Kaplan-Meier survival curve: event times and S(t) just after each.

    >>> kaplan_meier(np.array([1.0, 2.0, 3.0, 4.0]), np.array([True, False, True, True]))[1].round(3).tolist()
    [0.75, 0.375, 0.0]
    """
    t = np.asarray(times, dtype=float)
    e = np.asarray(events, dtype=bool)
    order = np.argsort(t, kind="stable")
    t, e = t[order], e[order]
    at_risk = len(t) - np.arange(len(t))
    uniq, first = np.unique(t[e], return_index=True)
    deaths = np.bincount(np.searchsorted(uniq, t[e]), minlength=len(uniq)) if len(uniq) else np.zeros(0)
    risk = at_risk[np.searchsorted(t, uniq, side="left")] if len(uniq) else np.zeros(0)
    del first
    return uniq, np.cumprod(1 - deaths / risk)
