"""The plan-level start: the cheapest shift headcounts whose analytic KPIs meet the targets *over the horizon*.

The warm start (:mod:`sim.staffing.warm_start`) asks every hour to meet every target on its own: a shift
gets the headcount of its busiest hour. The plan's targets are not hourly: they are shares over every
complaint of the horizon (``abandon_rate <= 0.10`` over all calls and chats), so a quiet hour's slack pays
for a busy hour's queue, and work another team may finish within a day need not be done within the hour
it arrives. The staffing search starts from the cheaper roster these targets allow, found analytically:

* **frontline**: the hour model (:func:`~sim.staffing.frontline_hour.frontline_hour`: Erlang A or C per
  hour, priority by grade) for the agents on duty each hour, combined over the horizon as the KPIs are
  (:func:`plan_prediction`: on-time shares weighted by each grade's contacts, abandonment by the calls and
  chats, notification by the majors), judged by the same checks (:func:`frontline_checks`);
* **other teams** (resolving, consulted): a *fluid* backlog (:func:`fluid_on_time`): each hour the team's
  agents on duty (``UTILISATION_CAP`` of their time) work through the tasks in arrival order, and go on
  after the horizon (the run drains); the
  share of tasks done within the resolution target of the last grade they serve must reach the targeted
  share (:func:`team_requirement`).

Starting from the warm start's roster (which meets every hour), :func:`descend` takes people off one at
a time, the removal that saves most first, while the combined prediction still meets the targets. The
models are approximations: the simulation decides, and the search climbs when the start misses.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from sim import rules
from sim.format.vocabulary import SEVERITY_IDS
from sim.rules import GRADES
from sim.staffing.frontline_hour import SHARE_CAP, HourPrediction, frontline_checks, frontline_hour
from sim.staffing.roster import Roster, shift_coverage, shift_table
from sim.staffing.targets import Target, closeness
from sim.staffing.warm_start import WarmStart, frontline_duty

if TYPE_CHECKING:   # type names only
    from sim.format.plan import Plan
    from sim.format.scenario import Scenario
    from sim.staffing.workload import Workload

# Share of an agent's hour the fluid backlog uses: all of it. Work that may wait a day or more keeps a
# backlog, and a backlog keeps every agent busy (the flagship's simulated specialists work 98 % of the
# horizon); the randomness a stationary queue needs headroom for matters little at that time scale.
UTILISATION_CAP = 1.0
_DEFAULT_RESOLUTION_SHARE = 0.85   # as the warm start: the share on time when no resolution target is set

Counts = tuple[int, ...]


def descend(start: Counts, slack: Callable[[Counts], float], person: Sequence[float],
            least: Sequence[int]) -> Counts:
    """Fewer people, one at a time, while ``slack`` stays >= 0 (the targets are met): at each step, of
    the removals (one person off one shift, never below ``least``) that keep it, the one saving most, of
    those saving the same the one leaving most slack, then the one off the fuller shift; stops when none keeps it. ``start`` is returned
    unchanged when its own slack is negative (the model cannot judge it: the simulation decides).

    >>> descend((5, 5), lambda c: sum(c) - 6, person=[2.0, 1.0], least=[1, 1])
    (1, 5)
    >>> descend((4, 4), lambda c: min(c[0] - 2, c[1] - 1), person=[1.0, 1.0], least=[0, 0])
    (2, 1)
    """
    cur = tuple(start)
    if slack(cur) < 0:
        return cur
    return _fewer(cur, slack, person, least)


def settle(guess: Counts, slack: Callable[[Counts], float], person: Sequence[float], least: Sequence[int],
           most: Counts) -> Counts:
    """:func:`descend` from a guess near the answer instead of from ``most`` (a roster meeting the targets
    hour by hour): first one person at a time onto the shift that gains most slack per cost, up to
    ``most``, until the targets are met; then down. Fewer rosters to judge than descending from ``most``.

    >>> settle((1, 1), lambda c: sum(c) - 6, person=[2.0, 1.0], least=[1, 1], most=(5, 5))
    (1, 5)
    >>> settle((9, 9), lambda c: -1.0, person=[1.0, 1.0], least=[0, 0], most=(3, 4))
    (3, 4)
    """
    cur = tuple(min(max(g, lo), hi) for g, lo, hi in zip(guess, least, most))
    here = slack(cur)
    while here < 0:
        gains = [((slack(up) - here) / max(person[k], 1e-9), k, up) for k in range(len(cur)) if cur[k] < most[k]
                 for up in [cur[:k] + (cur[k] + 1,) + cur[k + 1:]]]
        if not gains:
            return tuple(most)
        _, _, cur = max(gains)
        here = slack(cur)
    return _fewer(cur, slack, person, least)


def _fewer(cur: Counts, slack: Callable[[Counts], float], person: Sequence[float], least: Sequence[int]) -> Counts:
    while True:
        best: tuple[float, float, int, int] | None = None
        for k in range(len(cur)):
            if cur[k] <= least[k]:
                continue
            left = slack(cur[:k] + (cur[k] - 1,) + cur[k + 1:])
            if left >= 0 and (best is None or (person[k], left, cur[k]) > best[:3]):
                best = (person[k], left, cur[k], k)
        if best is None:
            return cur
        k = best[3]
        cur = cur[:k] + (cur[k] - 1,) + cur[k + 1:]


# --- frontline: the hour model combined over the horizon ------------------------------------------

def plan_prediction(hours: Sequence[HourPrediction | None]) -> HourPrediction | None:
    """The hour predictions combined as the KPIs count complaints over the horizon: on-time shares by
    grade weighted by that grade's contacts, within-24h, wait probability and mean wait by all contacts,
    abandonment by synchronous contacts, notification by majors. None when nobody arrives.

    >>> one = HourPrediction(np.array([1.0, 0, 0]), np.array([1.0, 0, 0]), 1.0, 1.0, 0.0, 1.0, 0.1, 0.5,
    ...                      float("nan"), "Erlang A")
    >>> two = HourPrediction(np.array([3.0, 0, 0]), np.array([0.6, 0, 0]), 0.6, 0.9, 0.2, 3.0, 0.5, 2.5,
    ...                      float("nan"), "Erlang A")
    >>> both = plan_prediction([one, None, two])
    >>> round(float(both.sl[0]), 3), round(both.abandon, 3), round(both.mean_wait, 3)
    (0.7, 0.15, 2.0)
    """
    seen = [m for m in hours if m is not None]
    if not seen:
        return None
    lam = np.sum([m.lam for m in seen], axis=0)
    total = float(lam.sum())
    sl = np.divide(np.sum([m.lam * m.sl for m in seen], axis=0), lam, out=np.zeros(len(GRADES)), where=lam > 0)
    sync = float(sum(m.sync for m in seen))
    majors = [(m.lam[rules.MAJOR], m.notify) for m in seen if not math.isnan(m.notify)]
    weight = sum(w for w, _ in majors)

    def mean(values: Sequence[float]) -> float:
        return float(sum(m.lam.sum() * v for m, v in zip(seen, values)) / total) if total > 0 else 0.0
    return HourPrediction(
        lam=lam, sl=sl, on_time=float((lam * sl).sum() / total) if total > 0 else 0.0,
        within_24h=mean([m.within_24h for m in seen]),
        abandon=float(sum(m.abandon * m.sync for m in seen) / sync) if sync > 0 else 0.0, sync=sync,
        wait_probability=mean([m.wait_probability for m in seen]), mean_wait=mean([m.mean_wait for m in seen]),
        notify=float(sum(w * v for w, v in majors) / weight) if weight > 0 else math.nan, model=seen[0].model)


def _margin(kpi: str, tgt: Target, m: HourPrediction) -> float:
    """How far the combined prediction ``m`` is on the right side of ``tgt`` (a KPI the hour model judges,
    shares capped as its checks cap them), as a share of the room to the KPI's best value."""
    if tgt.direction == ">=":
        v = min(tgt.value, SHARE_CAP)
        if kpi.startswith("first_response_on_time."):
            s = SEVERITY_IDS.index(kpi.split(".", 1)[1])
            x = m.sl[s] if m.lam[s] > 0 else math.inf
        else:
            x = {"first_response_on_time": m.on_time, "first_response_within_24h": m.within_24h,
                 "crisis_notification_on_time": m.notify}[kpi]
        margin = math.inf if math.isnan(x) else x - v
    else:
        x = {"abandon_rate": m.abandon, "wait_probability": m.wait_probability, "mean_wait_min": m.mean_wait}[kpi]
        margin = tgt.value - x
    return closeness(tgt, margin)


def frontline_slack(wl: Workload, plan: Plan, targets: Mapping[str, Target]) -> Callable[[np.ndarray], float] | None:
    """For frontline agents on duty per hour (an array over the horizon's hours): the smallest margin
    (:func:`~sim.staffing.targets.closeness`) of the targets the hour model judges, combined over the
    horizon (>= 0: all met); None when it judges none."""
    judged = {k: tgt for k, tgt in targets.items() if frontline_checks({k: tgt}, wl.notify_share)}
    if not judged:
        return None

    def slack(staff: np.ndarray) -> float:
        m = plan_prediction([frontline_hour(wl, h, float(round(staff[h], 6)), plan) for h in range(wl.hours)])
        return math.inf if m is None else min(_margin(k, tgt, m) for k, tgt in judged.items())
    return slack


# --- other teams: a fluid backlog ----------------------------------------------------------------

def fluid_on_time(tasks: np.ndarray, work: np.ndarray, agents: np.ndarray, within: float,
                  cap: float = UTILISATION_CAP) -> float:
    """Share of tasks finished within ``within`` minutes of arriving, when each hour ``agents[h]`` agents
    (busy at most ``cap`` of the time) work through the tasks in arrival order; ``tasks[h]`` tasks and
    ``work[h]`` Erlangs (agent-hours per hour) arrive in hour h, spread over it. ``agents`` may be longer
    than ``tasks`` (the hours after the horizon, when the backlog drains). Work still waiting after the
    last hour of ``agents`` is late.

    Each hour's tasks count as done when the work finished (the agents serve what waits, an idle minute
    is lost) reaches the work that arrived up to the hour's middle task, plus that task's handling time.

    >>> fluid_on_time(np.array([1.0, 1.0]), np.array([0.5, 0.5]), np.array([1.0, 1.0]), within=60, cap=1.0)
    1.0
    >>> # 6 tasks of 30 min in hour 0, one agent: the hour's middle task (arriving at minute 30) is done
    >>> # when half the work is (minute 90) plus its own 30 minutes: 90 minutes after it arrived
    >>> [fluid_on_time(np.array([6.0, 0, 0, 0]), np.array([3.0, 0, 0, 0]), np.ones(4), within=w, cap=1.0)
    ...  for w in (89, 90)]
    [0.0, 1.0]
    """
    n = len(tasks)
    if tasks.sum() <= 0:
        return 1.0
    offered = np.zeros(max(n, len(agents)))
    offered[:n] = np.asarray(work, dtype=float) * 60.0           # agent-minutes arriving each hour
    capacity = np.asarray(agents, dtype=float) * cap * 60.0       # agent-minutes the agents can give
    done_per_hour = np.zeros(len(agents))
    backlog = 0.0
    for h in range(len(agents)):            # an idle agent's minute is lost: it cannot serve later work
        done_per_hour[h] = min(backlog + offered[h], capacity[h])
        backlog += offered[h] - done_per_hour[h]
    done_by = np.concatenate([[0.0], np.cumsum(done_per_hour)])   # work finished by the start of each hour
    arrived = np.concatenate([[0.0], np.cumsum(offered)])
    on_time = 0.0
    for h in range(n):
        if tasks[h] <= 0:
            continue
        middle = arrived[h] + offered[h] / 2                    # the work up to the hour's middle task
        k = int(np.searchsorted(done_by, middle - 1e-9, side="left"))
        if k >= len(done_by):
            continue                                            # not done within the hours given: late
        step = done_by[k] - done_by[k - 1] if k > 0 else 1.0
        done = 60.0 * (k - 1) + 60.0 * (middle - done_by[k - 1]) / step if k > 0 else 0.0
        arrives = 60.0 * h + 30.0
        if max(done, arrives) + work[h] * 60.0 / tasks[h] - arrives <= within:
            on_time += tasks[h]
    return float(on_time / tasks.sum())


def team_requirement(wl: Workload, targets: Mapping[str, Target], plan: Plan, team: str) -> tuple[float, float] | None:
    """(share, within minutes) a non-frontline team must reach for the targets: the targeted share of
    resolutions on time (capped; the warm start's default without a target), within the *longest*
    resolution target of the grades it serves (of those with a target of their own, if any). A team serves the urgent grades first, so the last grade
    served waits behind all the work (the priority approximation of the frontline hour model) and has the
    longest target; an urgent grade waits only behind its own, smaller, work. None when the team gets no
    tasks."""
    if team not in wl.team_lam or team not in wl.team_work:
        return None
    grades = wl.team_severities.get(team, frozenset({rules.MODERATE, rules.MAJOR}))
    kpis = ["resolution_on_time"] + [f"resolution_on_time.{SEVERITY_IDS[s]}" for s in grades]
    shares = [targets[k].value for k in kpis if k in targets and targets[k].direction == ">="]
    share = min(max(shares) if shares else _DEFAULT_RESOLUTION_SHARE, SHARE_CAP)
    # the grades with a target of their own set the deadline (a few misgraded minors do not relax it)
    judged = [s for s in grades if f"resolution_on_time.{SEVERITY_IDS[s]}" in targets] or list(grades)
    return share, float(max(rules.resolution_target(plan, s) for s in judged))


# --- the roster ------------------------------------------------------------------------------------

def plan_roster(scenario: Scenario, warm: WarmStart, targets: Mapping[str, Target], least: Roster) -> Roster:
    """The search's start: the warm start's roster with, for each team it staffs, the fewest people (never
    below ``least``, the floor) whose combined prediction still meets the targets (see the module's
    docstring). A team the models cannot judge keeps the warm start's headcounts."""
    wl = warm.workload
    table = shift_table(scenario)
    out = dict(warm.roster)
    for team in warm.teams:
        rows = table[table.team == team]
        person = (rows["hours"] * rows["cost_per_hour"]).to_numpy()
        idle = (rows["hours"] <= 0).to_numpy()
        most = tuple(warm.roster[team])
        # shifts not worked within the horizon keep their headcount: nothing to judge them by
        floor = [n if off else min(n, f) for n, off, f in zip(most, idle, least.get(team, (0,) * len(most)))]
        slack = _frontline(scenario, wl, targets) if team == "frontline" else _team(scenario, wl, targets, team)
        if slack is not None:
            out[team] = settle(_typical(scenario, warm, team, most), slack, person, floor, most)
    return out


def _typical(scenario: Scenario, warm: WarmStart, team: str, most: Counts) -> Counts:
    """A first guess per shift: the hourly requirement over the hours it covers, weighted by the hour's
    arrivals (rounded up); the shifts' headcounts where the warm start has no hourly requirement."""
    hourly = warm.hourly[warm.hourly["team"] == team]
    if hourly.empty:
        return most
    covers = shift_coverage(scenario, team, warm.workload.hours)[:, hourly["hour"].to_numpy()]
    weight = covers * (hourly["arrivals_per_hour"].to_numpy() + 1e-9)
    need = hourly["required"].to_numpy(dtype=float)
    sums = weight.sum(axis=1)
    return tuple(math.ceil(float(weight[k] @ need / sums[k]) - 1e-9) if sums[k] > 0 else most[k]
                 for k in range(len(most)))


def _frontline(scenario: Scenario, wl: Workload, targets: Mapping[str, Target]) -> Callable[[Counts], float] | None:
    judge = frontline_slack(wl, scenario.plan, targets)
    if judge is None:
        return None
    per_person, extra = frontline_duty(scenario, wl)
    return lambda counts: judge(np.asarray(counts, dtype=float) @ per_person + extra)


def _team(scenario: Scenario, wl: Workload, targets: Mapping[str, Target],
          team: str) -> Callable[[Counts], float] | None:
    need = team_requirement(wl, targets, scenario.plan, team)
    if need is None:
        return None
    share, within = need
    covers = shift_coverage(scenario, team, wl.hours)
    # after the horizon the backlog drains with the last day's shifts (no reserves): long enough for the
    # last hour's tasks to be judged
    drain = math.ceil(within / 60) + 24
    last_day = covers[:, -24:] if covers.shape[1] >= 24 else covers
    after = np.tile(last_day, (1, math.ceil(drain / last_day.shape[1])))[:, :drain]
    per_person = np.concatenate([covers, after], axis=1)
    extra = np.concatenate([np.asarray(wl.extra.get(team, np.zeros(wl.hours)), dtype=float), np.zeros(drain)])
    tasks, work = wl.team_lam[team] * 60.0, wl.team_work[team]
    return lambda counts: fluid_on_time(tasks, work, np.asarray(counts, dtype=float) @ per_person + extra,
                                        within) - share
