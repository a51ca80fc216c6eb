"""Demand from history: the arrival profile per channel, holidays, the category and severity mixes, retries.

A scenario writes everyday demand as a weekly-average rate per channel and one profile shared by every
channel: 24 hourly and 7 daily multipliers, each of mean 1 (:class:`sim.format.demand.Arrivals`). The fit
produces exactly those:

* **Exposure.** Each hour of the week (Monday 00:00 = 0 ... Sunday 23:00 = 167) is counted as many times
  as the period covers it, in the centre's local time, leaving out days flagged as holidays and any
  window the caller excludes (an incident replayed separately).
* **Rates.** The observed rate of a channel in an hour of the week is its first contacts there over that
  hour's exposure; ``per_hour`` is the mean of those 168 rates (the weekly average the format asks for,
  with a Poisson 95 % interval).
* **Profile.** The rate of all channels together, divided by its mean, is the hour-of-week multiplier
  m(d, h); the hourly multipliers are its mean over the days and the daily ones its mean over the hours.
  For a profile that really is hour x day (the format's model) this recovers both exactly in expectation;
  how far each channel's own daily shape strays from the shared one is reported.
* **Holidays.** A day whose volume is far from its weekday's median (below 0.6 or above 1.6 times it,
  and more than 4 Poisson standard deviations away) is flagged and left out of the rates and the profile.
* **Retries.** A contact by the same (pseudonymous) customer on the same channel within a day after they
  hung up is a retry; the simulator makes those itself (``abandonment.retry_share`` and
  ``retry_after``), so they are counted there and left out of the arrival rates.
* **Mixes.** Category shares over first contacts with a category; the severity mix overall (``default``)
  and per category with enough contacts.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.format.plan import Plan
from sim.format.vocabulary import SEVERITY_IDS
from sim.history.calibrate_errors import CalibrationError

HOURS_OF_WEEK = 168
HOLIDAY_LOW, HOLIDAY_HIGH, HOLIDAY_SIGMAS = 0.6, 1.6, 4.0
RETRY_WINDOW_MIN = 1440.0
MIN_CATEGORY_SEVERITY = 200      # contacts a category needs for a severity row of its own


def local_times(times: pd.Series, tz: str) -> pd.Series:
    """UTC timestamps as naive local clock times of the centre (the profile is a local-time shape)."""
    return times.dt.tz_convert(tz).dt.tz_localize(None)


def naive(times: pd.Series) -> np.ndarray:
    """UTC timestamps as a plain datetime64 array (NaT kept): fast arithmetic, no Timestamp objects."""
    return times.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")


@dataclass(frozen=True)
class RetryFit:
    """Hang-ups followed by a retry on the same channel by the same customer within a day."""
    abandoned: int               # hang-ups early enough for a retry to be seen before the period ends
    retried: int
    share: float
    after_mean: float            # minutes from hanging up to the retry (exponential mean)
    retry_rows: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, dtype=bool))


def find_retries(table: pd.DataFrame, period_end: pd.Timestamp) -> RetryFit:
    """Mark retries (see the module docstring) and measure the retry share and delay."""
    n = len(table)
    is_retry = np.zeros(n, dtype=bool)
    has = table["customer"].notna().to_numpy()
    frame = pd.DataFrame({"customer": table["customer"], "channel": table["channel"], "created": table["created"],
                          "abandoned": table["abandoned"], "row": np.arange(n)})[has]
    frame = frame.sort_values(["customer", "channel", "created"], kind="stable")
    who = frame["customer"].to_numpy(dtype=object)
    how = frame["channel"].fillna("").to_numpy(dtype=object)
    same = (who[1:] == who[:-1]) & (how[1:] == how[:-1])
    gone = naive(frame["abandoned"])[:-1]
    nxt = naive(frame["created"])[1:]
    gap = np.nan_to_num((nxt - gone) / np.timedelta64(1, "m"), nan=-1.0)
    hit = same & ~np.isnat(gone) & (gap >= 0) & (gap <= RETRY_WINDOW_MIN)
    is_retry[frame["row"].to_numpy()[1:][hit]] = True
    window = pd.Timedelta(minutes=RETRY_WINDOW_MIN)
    early = table["abandoned"].notna() & (table["abandoned"] <= period_end - window)
    early_rows = set(np.flatnonzero(early.to_numpy()).tolist())
    followed = frame["row"].to_numpy()[:-1][hit]
    retried = sum(1 for r in followed.tolist() if r in early_rows)
    n_ab = int(early.sum())
    share = retried / n_ab if n_ab else 0.0
    after = float(gap[hit].mean()) if hit.any() else math.nan
    return RetryFit(n_ab, retried, share, after, is_retry)


@dataclass(frozen=True)
class ArrivalFit:
    """Everyday arrivals as the scenario writes them, and what they rest on."""
    start: pd.Timestamp                       # local, naive: the period fitted
    end: pd.Timestamp
    exposure_hours: float                     # hours counted (holidays and excluded windows left out)
    per_hour: dict[str, tuple[float, float, float, int]]   # channel -> (rate, low, high, contacts)
    hourly: tuple[float, ...]
    weekly: tuple[float, ...]
    observed: pd.DataFrame                    # hour of week x channel: observed rate per hour
    exposure: np.ndarray                      # hours of exposure of each hour of the week
    holidays: list[tuple[str, int, float]]    # (date, contacts, expected from its weekday)
    channel_shape_gap: dict[str, float]       # channel -> mean |own hourly shape - shared| over busy hours
    contacts: int                             # first contacts counted

    def fitted(self, channel: str) -> np.ndarray:
        """The fitted rate per hour of the week (168) of a channel: per_hour x hourly x weekly."""
        how = np.arange(HOURS_OF_WEEK)
        return self.per_hour[channel][0] * np.array(self.hourly)[how % 24] * np.array(self.weekly)[how // 24]


def fit_arrivals(table: pd.DataFrame, plan: Plan, tz: str, start: pd.Timestamp, end: pd.Timestamp,
                 exclude: list[tuple[pd.Timestamp, pd.Timestamp]] = (), first_contact: np.ndarray | None = None,
                 ) -> ArrivalFit:
    """The arrival profile (see the module docstring) of the first contacts in [start, end) (local times)."""
    local = local_times(table["created"], tz)
    keep = ((local >= start) & (local < end)).to_numpy().copy()
    if first_contact is not None:
        keep &= first_contact
    channels = [ch for ch in plan.channels if (table["channel"][keep] == ch).any()]
    hours = pd.date_range(start.floor("h"), end, freq="h", inclusive="left")
    cover = np.ones(len(hours))
    cover[0] -= (start - hours[0]) / pd.Timedelta(hours=1)
    cover[-1] = min(cover[-1], (end - hours[-1]) / pd.Timedelta(hours=1))
    for lo, hi in exclude:
        cover[(hours >= lo.floor("h")) & (hours < hi.ceil("h"))] = 0.0
    idx = ((local[keep] - hours[0]) // pd.Timedelta(hours=1)).to_numpy().astype(int)
    ch_code = pd.Categorical(table["channel"][keep], categories=channels).codes
    counts = np.zeros((len(hours), len(channels)))
    np.add.at(counts, (idx, ch_code), 1.0)
    # Holidays: whole days far from their weekday's median (days already excluded are not judged).
    day = hours.normalize()
    daily = pd.DataFrame({"day": day, "n": counts.sum(axis=1), "cover": cover}).groupby("day").sum()
    full = daily[daily["cover"] >= 23.99]
    median = full.groupby(full.index.day_of_week)["n"].median()
    holidays = []
    for d, row in full.iterrows():
        exp = float(median[d.day_of_week])
        ratio = row["n"] / exp if exp > 0 else math.inf
        if (ratio < HOLIDAY_LOW or ratio > HOLIDAY_HIGH) and abs(row["n"] - exp) > HOLIDAY_SIGMAS * math.sqrt(exp):
            holidays.append((d.date().isoformat(), int(row["n"]), exp))
            cover[day == d] = 0.0
    how = (hours.day_of_week * 24 + hours.hour).to_numpy()
    exposure = np.bincount(how, weights=cover, minlength=HOURS_OF_WEEK)
    by_how = np.zeros((HOURS_OF_WEEK, len(channels)))
    for j in range(len(channels)):
        by_how[:, j] = np.bincount(how, weights=counts[:, j] * (cover > 0), minlength=HOURS_OF_WEEK)
    if (exposure <= 0).any():
        missing = int((exposure <= 0).sum())
        raise CalibrationError("calibrate.err.hours", hours=missing)
    rate = by_how / exposure[:, None]
    observed = pd.DataFrame(rate, columns=channels)
    per_hour = {}
    for j, ch in enumerate(channels):
        r = float(rate[:, j].mean())
        n = int(by_how[:, j].sum())
        half = 1.959964 * math.sqrt(float((by_how[:, j] / exposure ** 2).sum())) / HOURS_OF_WEEK
        per_hour[ch] = (r, max(0.0, r - half), r + half, n)
    total = rate.sum(axis=1)
    m = (total / total.mean()).reshape(7, 24)
    hourly = m.mean(axis=0)
    weekly = m.mean(axis=1)
    gaps = {}
    for j, ch in enumerate(channels):
        own = rate[:, j].reshape(7, 24).mean(axis=0)
        if own.mean() > 0:
            busy = hourly >= 0.5
            gaps[ch] = float(np.abs(own / own.mean() - hourly)[busy].mean())
    return ArrivalFit(start, end, float(exposure.sum()), per_hour, tuple(hourly.tolist()), tuple(weekly.tolist()),
                      observed, exposure, holidays, gaps, int(by_how.sum()))


@dataclass(frozen=True)
class MixFit:
    """Category and severity shares, with the counts they rest on."""
    categories: dict[str, float]
    category_counts: dict[str, int]
    severity: dict[str, dict[str, float]]     # 'default' and categories with enough contacts
    severity_counts: dict[str, int]
    missing_category: int
    missing_severity: int


def shares(counts: pd.Series) -> dict[str, float]:
    """Shares rounded to 4 decimals that sum to exactly 1 (the largest absorbs the rounding).

    >>> shares(pd.Series({"a": 1, "b": 1, "c": 1}))
    {'a': 0.3334, 'b': 0.3333, 'c': 0.3333}
    """
    total = float(counts.sum())
    out = {str(k): round(float(v) / total, 4) for k, v in counts.items() if v > 0}
    top = max(out, key=out.__getitem__)
    out[top] = round(out[top] + 1.0 - sum(out.values()), 4)
    return out


def fit_mixes(table: pd.DataFrame, plan: Plan, rows: np.ndarray) -> MixFit:
    """Category and severity mixes of the contacts in ``rows`` (a boolean mask: first contacts in the period)."""
    t = table[rows]
    cat = t["category"]
    cat_counts = cat.dropna().value_counts()
    cat_counts = cat_counts[[c for c in plan.categories if c in cat_counts.index]]
    sev = t["severity"]
    known = sev.notna()
    severity: dict[str, dict[str, float]] = {}
    sev_counts: dict[str, int] = {}
    own = np.zeros(len(t), dtype=bool)
    for c in cat_counts.index:
        m = (known & (cat == c).fillna(False)).to_numpy()
        if m.sum() >= MIN_CATEGORY_SEVERITY:
            severity[c] = shares(sev[m].value_counts().reindex(list(SEVERITY_IDS), fill_value=0))
            sev_counts[c] = int(m.sum())
            own |= m
    # The default row serves the categories without a row of their own: fitted on them when they are enough.
    rest = known.to_numpy() & ~own
    base = rest if rest.sum() >= 50 else known.to_numpy()
    severity = {"default": shares(sev[base].value_counts().reindex(list(SEVERITY_IDS), fill_value=0)), **severity}
    sev_counts = {"default": int(base.sum()), **sev_counts}
    return MixFit(shares(cat_counts), {k: int(v) for k, v in cat_counts.items()}, severity, sev_counts,
                  int(cat.isna().sum()), int((~known).sum()))
