"""Incident replay: a marked period of the history turned into the scenario's incident, and a drill skeleton.

A planner marks when a past crisis happened (``--incident START END``, local times). The everyday
arrivals are calibrated without that window; inside it, what came on top of them is the incident:

* **Excess.** First contacts per 30-minute bin, minus what the calibrated baseline expects there (its
  rate per channel for that hour of the week). The excess summed over the window is the incident's size.
* **Shape.** The scenario's surge (:class:`sim.format.demand.Incident`: linear rise to a peak, plateau,
  exponential decay) is fitted to the excess by weighted least squares (each bin weighted by its Poisson
  standard deviation): start ``at``, ``peak_per_hour``, ``rise``, ``plateau`` and ``decay``.
* **Mixes.** The channel mix is each channel's share of the excess; the severity mix is what the window's
  grades hold beyond the baseline's; the category is the one with the largest excess (the format gives an
  incident one category; the others' excess is reported).

The **drill skeleton** turns real moments of the incident into injects (the first contact above the
baseline, the first public post, the peak, the first caller who hung up, the first major case, the last
hour): when, on which channel, about which category and grade, and the customer's pseudonym. No text of
any customer is used: every message is a TODO for the trainer, with the facts of the moment to write from.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize

from sim.format.units import format_duration
from sim.format.vocabulary import SEVERITY_IDS
from sim.history.calibrate import Calibration, minutes_since_start
from sim.history.calibrate_errors import CalibrationError
from sim.history.fit_demand import local_times, shares

BIN_MIN = 30.0


def surge_shape(x: np.ndarray, rise: float, plateau: float, decay: float) -> np.ndarray:
    """:meth:`sim.format.demand.Incident.rate_multiplier` for many times ``x`` after the start (vectorised)."""
    x = np.asarray(x, dtype=float)
    out = np.where(x < 0, 0.0, np.where(x < rise, x / max(rise, 1e-9), 1.0))
    after = x - rise - plateau
    return np.where(after > 0, np.exp(-after / max(decay, 1e-9)), out)


@dataclass(frozen=True)
class IncidentFit:
    """The incident's shape and mixes, and the binned series it was fitted to."""
    start: pd.Timestamp           # the marked window, local
    end: pd.Timestamp
    at: float                     # fitted start, minutes after the scenario's start
    peak_per_hour: float
    rise: float
    plateau: float
    decay: float
    channels: dict[str, float]
    severity: dict[str, float]
    category: str
    category_excess: dict[str, float]
    excess: float                 # contacts above the baseline in the window
    series: pd.DataFrame          # minute, observed, baseline, fitted (per bin)

    @property
    def peak_at(self) -> float:
        return self.at + self.rise

    def as_incident(self, incident_id: str = "replayed") -> dict:
        """The incident as the scenario writes it (durations with units)."""
        return {"id": incident_id, "title": {"en": "Incident replayed from the history", "zh": "根据历史数据重现的突发事件"},
                "at": format_duration(max(self.at, 0.0)), "category": self.category,
                "peak_per_hour": round(self.peak_per_hour, 2), "rise": format_duration(max(self.rise, 1.0)),
                "plateau": format_duration(self.plateau) if self.plateau >= 1 else "0min",
                "decay": format_duration(max(self.decay, 1.0)), "channels": self.channels,
                "severity": self.severity}


def fit_incident(cal: Calibration, start: pd.Timestamp, end: pd.Timestamp) -> IncidentFit | None:
    """The incident in the local window [start, end) (see the module docstring); None if nothing is above
    the baseline there."""
    table = cal.table
    local = local_times(table["created"], cal.tz)
    inside = ((local >= start) & (local < end)).to_numpy() & ~cal.retries.retry_rows
    t0 = (start - pd.Timestamp(cal.start)) / pd.Timedelta(minutes=1)
    t1 = (end - pd.Timestamp(cal.start)) / pd.Timedelta(minutes=1)
    edges = np.arange(t0, t1 + 1e-9, BIN_MIN)
    if len(edges) < 4:
        raise CalibrationError("calibrate.err.window")
    mins = minutes_since_start(cal, table["created"])[inside]
    chans = table["channel"].fillna("").to_numpy(dtype=object)[inside]
    how = ((pd.Timestamp(cal.start) + pd.to_timedelta(edges[:-1] + BIN_MIN / 2, unit="min")).day_of_week * 24
           + (pd.Timestamp(cal.start) + pd.to_timedelta(edges[:-1] + BIN_MIN / 2, unit="min")).hour).to_numpy()
    observed = np.histogram(mins, edges)[0].astype(float)
    baseline = np.zeros(len(edges) - 1)
    excess_by_channel = {}
    for ch in cal.arrivals.per_hour:
        expected = cal.arrivals.fitted(ch)[how] * BIN_MIN / 60.0
        baseline += expected
        excess_by_channel[ch] = max(0.0, float(np.histogram(mins[chans == ch], edges)[0].sum() - expected.sum()))
    excess = observed - baseline
    if excess.sum() <= 3 * math.sqrt(max(baseline.sum(), 1.0)):
        return None
    mid = (edges[:-1] + edges[1:]) / 2 - t0
    sub = np.linspace(-BIN_MIN / 2, BIN_MIN / 2, 6)[1:-1] + BIN_MIN / 10   # points inside each bin
    sigma = np.sqrt(np.maximum(observed, 1.0))
    span = t1 - t0

    def model(p: np.ndarray) -> np.ndarray:
        at, peak, rise, plateau, decay = p
        shape = np.mean([surge_shape(mid + s - at, rise, plateau, decay) for s in sub], axis=0)
        return peak / 60.0 * BIN_MIN * shape

    smooth = np.convolve(excess, np.ones(3) / 3, mode="same")
    k = int(np.argmax(smooth))
    peak0 = max(float(smooth[k]) * 60.0 / BIN_MIN, 1.0)
    onset = int(np.argmax(smooth > 0.2 * smooth[k]))
    start0 = float(mid[onset] - BIN_MIN)
    rise0 = max(float(mid[k] - start0), BIN_MIN)
    decay0 = max(float(excess[k:].clip(0).sum()) / (peak0 / 60.0) , BIN_MIN)
    p0 = np.array([start0, peak0, rise0, 0.0, min(decay0, span)])
    lower = [-BIN_MIN, 0.0, 1.0, 0.0, 1.0]
    upper = [span, 20 * peak0 + 10, span, span, 10 * span]
    fit = optimize.least_squares(lambda p: (model(p) - excess) / sigma, np.clip(p0, lower, upper),
                                 bounds=(lower, upper))
    at, peak, rise, plateau, decay = (float(v) for v in fit.x)
    # Mixes: the window's channels, grades and categories beyond what the baseline brings.
    total_base = baseline.sum()
    sev = table["severity"].fillna("").to_numpy(dtype=object)[inside]
    base_sev = cal.mixes.severity["default"]
    sev_excess = {s: max(0.0, float((sev == s).sum()) - total_base * base_sev.get(s, 0.0)) for s in SEVERITY_IDS}
    cats = table["category"].fillna("").to_numpy(dtype=object)[inside]
    cat_excess = {c: float((cats == c).sum()) - total_base * share for c, share in cal.mixes.categories.items()}
    category = max(cat_excess, key=cat_excess.__getitem__)
    series = pd.DataFrame({"minute": edges[:-1], "observed": observed, "baseline": baseline,
                           "fitted": baseline + model(fit.x)})
    return IncidentFit(start, end, t0 + at, peak, rise, plateau, decay,
                       shares(pd.Series(excess_by_channel)) if sum(excess_by_channel.values()) > 0 else {"hotline": 1.0},
                       shares(pd.Series(sev_excess)) if sum(sev_excess.values()) > 0 else {"minor": 1.0},
                       category, {c: round(v, 1) for c, v in cat_excess.items()}, float(excess.sum()), series)


def _moments(cal: Calibration, inc: IncidentFit) -> list[tuple[str, int]]:
    """(why, row) of the real moments an inject is made from, in time order, each row once."""
    table = cal.table
    local = local_times(table["created"], cal.tz)
    window = ((local >= inc.start) & (local < inc.end)).to_numpy() & ~cal.retries.retry_rows
    rows = np.flatnonzero(window)
    rows = rows[np.argsort(table["created"].to_numpy()[rows], kind="stable")]
    mins = minutes_since_start(cal, table["created"])
    after = rows[mins[rows] >= inc.at]
    public = [ch for ch, spec in cal.plan.channels.items() if spec.public]
    picks = [
        ("first_above_baseline", after[(table["category"].fillna("").to_numpy(dtype=object)[after] == inc.category)][:1]),
        ("first_public_post", after[np.isin(table["channel"].fillna("").to_numpy(dtype=object)[after], public)][:1]),
        ("at_the_peak", after[mins[after] >= inc.peak_at][:1]),
        ("first_hang_up", after[table["abandoned"].notna().to_numpy()[after]][:1]),
        ("first_major_case", after[(table["severity"].fillna("").to_numpy(dtype=object)[after] == "major")][:1]),
        ("late_in_the_decay", after[mins[after] >= inc.peak_at + inc.plateau + 2 * inc.decay][:1]),
    ]
    seen, out = set(), []
    for why, found in picks:
        if len(found) and int(found[0]) not in seen:
            seen.add(int(found[0]))
            out.append((why, int(found[0])))
    return sorted(out, key=lambda m: mins[m[1]])


def drill_skeleton(cal: Calibration, inc: IncidentFit) -> dict:
    """A drill whose injects are real, pseudonymised moments of the incident; every text a TODO."""
    table = cal.table
    mins = minutes_since_start(cal, table["created"])
    injects = []
    for k, (why, row) in enumerate(_moments(cal, inc), start=1):
        r = table.iloc[row]
        at = max(0.0, mins[row] - inc.at)
        fact = (f"{why}: {local_times(table['created'].iloc[[row]], cal.tz).iloc[0]:%Y-%m-%d %H:%M}, {r['channel']}, "
                f"{r['category'] if pd.notna(r['category']) else '?'}, {r['severity'] if pd.notna(r['severity']) else '?'}")
        who = r["customer"] if pd.notna(r["customer"]) else "?"
        injects.append({
            "id": f"moment-{k}", "at": f"T+{int(at // 60):02d}:{int(at % 60):02d}", "channel": r["channel"],
            "from": {"en": f"TODO: the customer (pseudonym {who})", "zh": f"TODO：客户（假名 {who}）"},
            "message": {"en": f"TODO: write the message. Real moment: {fact}.",
                        "zh": f"TODO：请撰写消息内容。真实时刻：{fact}。"},
        })
    return {"role": {"en": "TODO: the trainee's role", "zh": "TODO：学员角色"},
            "briefing": {"en": "TODO: the situation the trainee reads first", "zh": "TODO：学员首先阅读的情况说明"},
            "starts": format_duration(max(inc.at, 0.0)), "injects": injects}
