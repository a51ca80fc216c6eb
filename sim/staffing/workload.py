"""The offered work: how much work reaches each team in each hour of the horizon.

The Erlang models (:mod:`sim.staffing.erlang`) need, for one steady hour, an arrival rate and a mean
handling time; together they are the *offered load* in Erlangs (agents' worth of work arriving). A
scenario describes its demand in its own words; :func:`workload` turns it into those numbers minute by
minute and then averages each hour:

1. **Streams.** Everyday complaints arrive at the baseline rate per channel, shaped by the daily and
   weekly profile. Each incident adds a surge (its peak rate x its rise-plateau-decay shape x the
   options' surge multiplier), and a share of its complainants contacts again after an exponential
   delay (repeat contacts).
2. **What one complaint brings.** A stream's channel mix says which contacts are synchronous (calls and
   chats wait in the intake queue and may hang up, with the channel's patience) and which are public
   (posts that feed the public-attention trigger). Its category and severity mix, the category's
   minimum grade (:func:`sim.rules.severity_floor`) and frontline's grading accuracy give the true and
   the assigned grade; the plan's routing (:func:`sim.rules.route`) then says who handles it, which
   departments are consulted and whether the crisis group reviews it. Each task counts with the mean
   service time of its team: frontline takes the intake (and resolves a minor case in the same contact
   when routed to it), other teams resolve, consult and review.
3. **Activation.** The plan activates when a trigger holds in expectation; its actions then take work
   away (self-service, the proactive notice) or add agents (reserve, on-call, extended hours): see
   :mod:`sim.staffing.activation`.
4. **Per hour.** Minutes are summed into hours: frontline's contacts and Erlangs by true grade (the
   intake queue serves majors first), the other teams' tasks and Erlangs, and the follow-up calls
   frontline makes ``follow_up.after`` minutes after each complaint.

Approximations: repeat contacts arrive after an exponential delay; retries after hanging up, posts by
abandoners and escalations are ignored; follow-ups arrive ``follow_up.after`` after the complaint.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np

from sim import rules
from sim.format.vocabulary import SEVERITY_IDS
from sim.rules import GRADES
from sim.simulation.arrivals import minute_of_week
from sim.staffing.activation import ActionEffects, action_effects, expected_activation

if TYPE_CHECKING:   # type names only
    from sim.format.demand import Incident
    from sim.format.scenario import Scenario
    from sim.rules import CaseRoute
    from sim.simulation.centre import CentreOptions
    from sim.staffing.frontline_hour import HourPrediction


@dataclass
class Workload:
    """Offered work per hour of the horizon: the inputs of the stationary queue models.

    Frontline arrays are indexed [hour, true severity (minor, moderate, major)]: ``lam`` contacts per
    minute, ``sync`` those on synchronous channels, ``theta`` the sum over synchronous contacts of
    rate x patience rate (so ``theta / lam`` is the pooled abandonment rate per waiting contact),
    ``work`` Erlangs (contacts x mean frontline handling: intake, plus resolving a minor case in the same
    contact when the plan routes it to frontline). ``follow`` is the Erlang load of follow-up contacts.
    ``team_lam`` / ``team_work`` give the tasks per minute and Erlangs of every other team (resolve,
    consult, review) per hour; ``team_severities`` the true severities those tasks come from;
    ``notify_share`` the share of truly major complaints notified to the crisis group at intake.

    The plan's activation is estimated from the expected arrivals (:mod:`sim.staffing.activation`):
    ``activation_at`` is the first check at which a trigger holds in expectation, plus the options'
    activation delay (None if it never holds or auto-activation is off). From then on, after each action's
    delay: ``extra`` adds the reserves called in (for their stay) and on-call members (after mobilising) to
    each team's agents, self-service removes its share of minor complaints, the proactive notice cuts
    repeat contacts, and ``extend`` = (from, minutes) extends frontline shifts that end after ``from``.
    """
    hours: int
    start: datetime
    lam: np.ndarray
    sync: np.ndarray
    theta: np.ndarray
    work: np.ndarray
    follow: np.ndarray
    notify_share: float
    team_lam: dict[str, np.ndarray]
    team_work: dict[str, np.ndarray]
    team_severities: dict[str, frozenset[int]]
    activation_at: float | None = None
    extra: dict[str, np.ndarray] = field(default_factory=dict)
    extend: tuple[float, float] | None = None
    minutes: np.ndarray | None = None     # minutes of each hour inside the horizon (None: 60 each)
    # Memo of the hour model (sim.staffing.frontline_hour): hours with the same traffic are computed once.
    hour_cache: dict[tuple, HourPrediction | None] = field(default_factory=dict, init=False, repr=False, compare=False)

    def arrivals(self, team: str) -> np.ndarray:
        """Expected pieces of work reaching ``team`` in each hour: intake contacts for frontline; resolve,
        consult and review tasks for the others (zeros for a team the plan sends nothing)."""
        rate = self.lam.sum(axis=1) if team == "frontline" else self.team_lam.get(team, np.zeros(self.hours))
        return rate * (self.minutes if self.minutes is not None else 60.0)


def workload(scenario: Scenario, options: CentreOptions | None = None) -> Workload:
    """The offered work per team and hour (see :class:`Workload`), with the options' surge multiplier and
    activation settings."""
    surge = float(options.surge_multiplier) if options is not None else 1.0
    n_hours = max(1, math.ceil(scenario.horizon / 60.0))
    t = np.arange(n_hours * 60) + 0.5                 # the middle of every minute
    inside = (t < scenario.horizon).astype(float)
    # 1. and 2.: the streams, and what one complaint of each brings
    grade_p = [np.diff([0.0] + list(row)) for row in rules.grading_matrix(scenario)]   # P(assigned | true)
    sources = [_source(scenario, stream, grade_p) for stream in _streams(scenario, surge, t, inside)]
    # 3. the plan's activation in expectation, and its actions' effects
    at = expected_activation(scenario, options, qualifying=_per_minute(sources, lambda s: s.qualifying, len(t)),
                             posts=_per_minute(sources, lambda s: s.public, len(t)))
    effects = action_effects(scenario, at, t)
    offered = _Offered(len(t))
    for src in sources:
        offered.add(src, effects)
    follow = _follow_ups(scenario, offered.follow_base, inside)
    # 4. per hour
    minutes = np.maximum(inside.reshape(n_hours, 60).sum(axis=1), 1.0)

    def hourly(x: np.ndarray) -> np.ndarray:
        """Mean per minute of each hour (of the minutes inside the horizon)."""
        x = np.asarray(x, dtype=float)
        total = x.reshape((n_hours, 60) + x.shape[1:]).sum(axis=1)
        return total / (minutes if x.ndim == 1 else minutes[:, None])

    return Workload(
        hours=n_hours, start=scenario.start, lam=hourly(offered.lam), sync=hourly(offered.sync),
        theta=hourly(offered.theta), work=hourly(offered.work), follow=hourly(follow),
        notify_share=offered.notified / offered.majors if offered.majors > 0 else 1.0,
        team_lam={k: hourly(v) for k, v in offered.team_lam.items()},
        team_work={k: hourly(v) for k, v in offered.team_work.items()},
        team_severities={k: frozenset(v) for k, v in offered.team_severities.items()}, activation_at=at,
        extra={k: hourly(v * inside) for k, v in effects.extra.items()}, extend=effects.extend,
        minutes=inside.reshape(n_hours, 60).sum(axis=1))


# --- streams of complaints ---------------------------------------------------------------------

@dataclass
class _Stream:
    """Complaints arriving at ``rate`` per minute, with one channel, category and severity mix."""
    rate: np.ndarray
    repeats: bool                                    # repeat contacts (the proactive notice prevents some)
    channels: Mapping[str, float]
    categories: Mapping[str, float]
    severity_mix: Callable[[str], Mapping[str, float]]
    public_weight: float                             # attention weight of each public post


def _streams(scenario: Scenario, surge: float, t: np.ndarray, inside: np.ndarray) -> list[_Stream]:
    """The baseline, then each incident's surge and its repeat contacts."""
    prof = scenario.arrivals.profile
    how = ((minute_of_week(scenario) + t) // 60).astype(np.int64) % 168
    mult = np.asarray(prof.hourly)[how % 24] * np.asarray(prof.weekly)[how // 24]
    streams = []
    per_hour = scenario.arrivals.per_hour
    per_min = sum(per_hour.values()) / 60.0
    if per_min > 0:
        streams.append(_Stream(per_min * mult * inside, False, {c: v / (per_min * 60) for c, v in per_hour.items()},
                               dict(scenario.arrivals.categories), scenario.arrivals.severity_mix,
                               rules.post_weight(None)))
    for inc in scenario.incidents:
        streams += _incident_streams(inc, surge, t, inside)
    return streams


def _incident_streams(inc: Incident, surge: float, t: np.ndarray, inside: np.ndarray) -> list[_Stream]:
    shape = np.fromiter((inc.rate_multiplier(x) for x in t), dtype=float, count=len(t)) * (t < inc.end)
    rate = inc.peak_per_hour / 60.0 * surge * shape * inside

    def severity(_category: str) -> Mapping[str, float]:
        return inc.severity

    weight = rules.post_weight(inc)
    out = [_Stream(rate, False, dict(inc.channels), {inc.category: 1.0}, severity, weight)]
    if inc.repeat_contact_share > 0 and inc.repeat_after > 0:
        lags = np.arange(min(len(t), math.ceil(12 * inc.repeat_after)))
        kernel = -np.diff(np.exp(-np.append(lags, len(lags)) / inc.repeat_after))  # P(delay in minute k)
        repeats = np.convolve(rate, kernel)[:len(t)] * inc.repeat_contact_share * inside
        out.append(_Stream(repeats, True, dict(inc.channels), {inc.category: 1.0}, severity, weight))
    return out


# --- what a complaint of a stream brings ----------------------------------------------------------

@dataclass
class _Source:
    """One stream of complaints: its rate per minute and, per unit of rate, what it brings (by true severity)."""
    rate: np.ndarray
    repeats: bool
    lam: np.ndarray = field(default_factory=lambda: np.zeros(len(GRADES)))       # contacts
    sync: np.ndarray = field(default_factory=lambda: np.zeros(len(GRADES)))
    theta: np.ndarray = field(default_factory=lambda: np.zeros(len(GRADES)))
    work: np.ndarray = field(default_factory=lambda: np.zeros(len(GRADES)))      # frontline agent-minutes
    follow: np.ndarray = field(default_factory=lambda: np.zeros(len(GRADES)))    # frontline follow-up agent-minutes
    tasks: dict[str, list[np.ndarray]] = field(default_factory=dict)   # team -> [tasks, agent-minutes] by grade
    qualifying: float = 0.0   # share counted by the surge trigger
    public: float = 0.0       # attention weight of its public posts per complaint
    notify: float = 0.0       # complaints truly major and notified at intake (rate units)
    major: float = 0.0


def _source(scenario: Scenario, stream: _Stream, grade_p: list[np.ndarray]) -> _Source:
    """What one complaint of ``stream`` brings; ``grade_p[s][g]``: chance frontline grades true grade s as g."""
    plan = scenario.plan
    ch_mix = stream.channels
    total_ch = sum(ch_mix.values()) or 1.0
    q_sync = sum(p for c, p in ch_mix.items() if plan.channels[c].synchronous) / total_ch
    q_theta = sum(p / scenario.patience[c].mean for c, p in ch_mix.items()
                  if plan.channels[c].synchronous and c in scenario.patience) / total_ch
    q_public = sum(p for c, p in ch_mix.items() if plan.channels[c].public) / total_ch
    src = _Source(stream.rate, stream.repeats, public=q_public * stream.public_weight)
    total_cat = sum(stream.categories.values()) or 1.0
    for cat, pc in stream.categories.items():
        _add_category(src, scenario, cat, pc / total_cat, _severity_probs(stream.severity_mix(cat), scenario, cat),
                      grade_p)
    src.sync = src.lam * q_sync
    src.theta = src.lam * q_theta
    return src


def _severity_probs(mix: Mapping[str, float], scenario: Scenario, category: str) -> np.ndarray:
    """True-grade probabilities of a category's complaints, none below the category's minimum grade."""
    p = np.array([float(mix.get(s, 0.0)) for s in SEVERITY_IDS])
    p = p / p.sum() if p.sum() > 0 else np.eye(len(GRADES))[rules.MINOR]
    floor = rules.severity_floor(scenario.plan, category)
    p[floor] += p[:floor].sum()
    p[:floor] = 0.0
    return p


def _mean_time(scenario: Scenario, team: str, activity: str, category: str) -> float:
    times = scenario.service_times.get(team)
    dist = times.get(activity, category) if times is not None else None
    return float(dist.mean) if dist is not None else 0.0


def _add_category(src: _Source, scenario: Scenario, cat: str, share: float, severity_p: np.ndarray,
                  grade_p: list[np.ndarray]) -> None:
    """Add what a ``share`` of the stream in category ``cat`` brings, true grade by true grade."""
    plan = scenario.plan
    trigger = plan.activation.triggers.surge
    intake = _mean_time(scenario, "frontline", "intake", cat)
    minor_fix = _mean_time(scenario, "frontline", "resolve_minor", cat)
    follow = scenario.follow_up
    follow_time = follow.share * _mean_time(scenario, "frontline", "follow_up", cat) if follow is not None else 0.0
    for s in GRADES:
        if severity_p[s] <= 0:
            continue
        w = share * severity_p[s]
        src.lam[s] += w
        src.follow[s] += w * follow_time
        if rules.surge_qualifies(trigger, cat, s):
            src.qualifying += w
        handling = intake
        for g in GRADES:                 # the grade frontline assigns decides the route
            pg = grade_p[s][g]
            if pg <= 0:
                continue
            route = rules.route(plan, rules.effective_grade(plan, g, cat), cat)
            if s == rules.MAJOR:
                src.major += w * pg
                src.notify += w * pg * route.notify_crisis_group
            if route.handled_by == "frontline":
                handling += pg * minor_fix
            _add_tasks(src, scenario, cat, s, w * pg, route)
        src.work[s] += w * handling


def _add_tasks(src: _Source, scenario: Scenario, cat: str, s: int, weight: float, route: CaseRoute) -> None:
    """The tasks a route gives teams other than frontline's intake: resolve, consult, crisis-group review."""
    jobs = []
    if route.handled_by != "frontline":
        jobs.append((route.handled_by, _mean_time(scenario, route.handled_by, "resolve", cat)))
    jobs += [(d, _mean_time(scenario, d, "consult", cat)) for d in route.consult]
    if route.notify_crisis_group:
        jobs.append(("crisis_group", _mean_time(scenario, "crisis_group", "review", cat)))
    for team, mean in jobs:
        if team in scenario.staffing:
            acc = src.tasks.setdefault(team, [np.zeros(len(GRADES)), np.zeros(len(GRADES))])
            acc[0][s] += weight
            acc[1][s] += weight * mean


# --- the sum over streams, minute by minute ------------------------------------------------------

def _per_minute(sources: list[_Source], per_complaint: Callable[[_Source], float], n_min: int) -> np.ndarray:
    """Sum over the sources of rate x what one complaint brings (e.g. the surge-qualifying share)."""
    total = np.zeros(n_min)
    for src in sources:
        total = total + src.rate * per_complaint(src)
    return total


class _Offered:
    """The offered work of every source, minute by minute, after the activated plan's actions."""

    def __init__(self, n_min: int):
        self.lam = np.zeros((n_min, len(GRADES)))
        self.sync = np.zeros((n_min, len(GRADES)))
        self.theta = np.zeros((n_min, len(GRADES)))
        self.work = np.zeros((n_min, len(GRADES)))
        self.follow_base = np.zeros(n_min)
        self.team_lam: dict[str, np.ndarray] = {}
        self.team_work: dict[str, np.ndarray] = {}
        self.team_severities: dict[str, set[int]] = {}
        self.notified = 0.0
        self.majors = 0.0

    def add(self, src: _Source, effects: ActionEffects) -> None:
        rate = src.rate * (1.0 - effects.notice) if src.repeats else src.rate
        scale = rate[:, None] * effects.kept
        self.lam += scale * src.lam
        self.sync += scale * src.sync
        self.theta += scale * src.theta
        self.work += scale * src.work
        self.follow_base += scale @ src.follow
        self.notified += float(rate.sum()) * src.notify
        self.majors += float(rate.sum()) * src.major
        for team, (n, wk) in src.tasks.items():
            self.team_lam[team] = self.team_lam.get(team, 0.0) + scale @ n
            self.team_work[team] = self.team_work.get(team, 0.0) + scale @ wk
            self.team_severities.setdefault(team, set()).update(int(s) for s in np.flatnonzero(n > 0))


def _follow_ups(scenario: Scenario, follow_base: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """Frontline's follow-up work, ``follow_up.after`` minutes after the complaints that bring it."""
    n_min = len(follow_base)
    load = np.zeros(n_min)
    if scenario.follow_up is not None:
        lag = round(scenario.follow_up.after)
        if lag < n_min:
            load[lag:] = follow_base[:n_min - lag]
        load *= inside
    return load
