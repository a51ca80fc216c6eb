"""Reserve guidance: how many of the hotline's reserve staff the crisis group should call in for a crisis.

One rule for drills and planning. The trainee drill asks it as a number question (a scenario's ``reserve``
prompt; the tests hold every such prompt of the library to this rule) and the live command drill
(:mod:`sim.drill.command`) scores and explains the duty manager's call-ins with it.

The model, for frontline (the hotline and chat, whose callers hang up when they wait too long):

1. **The work.** The offered frontline work hour by hour is the staffing analytics' own
   (:func:`sim.staffing.workload.workload`): the scenario's arrivals and incidents, with the plan's
   activation in expectation and the actions it brings (self-service answers, the proactive notice).
2. **The incident's peak.** The hours of each incident's plateau, from the end of its rise to the end of
   its plateau (the hour its rise ends, when it has no plateau).
3. **Agents needed.** In each peak hour, the fewest frontline agents that hold the plan's abandonment
   target (``abandon_rate`` at most): Erlang A through :func:`sim.staffing.frontline_hour.frontline_hour`
   (priority by grade, follow-ups served last, e-mail and forms without patience), the model the warm
   start staffs with.
4. **Reserve needed.** Agents needed minus the agents the scenario's roster has on duty that hour; the
   most any peak hour needs is the *fewest* reserve staff to call. Extended hours are not counted: they
   only lengthen shifts past their end, and a reserve called in stays the whole peak.

The guidance is the range from that fewest up to what the pool holds: calling more costs money but is
not wrong (the plan's default is to call the whole reserve). When even the whole pool does not hold the
target, the range is the whole pool and :attr:`ReserveGuidance.enough` is False. With nothing to hold (no
incident, no abandonment target) the fewest is 0.

On the flagship (``product_defect_surge.yaml``) the peak hour 21:00-22:00 offers about 83 contacts an
hour; Erlang A needs 16 agents to keep abandonment within 10 %, the roster has 7 on: the guidance is 9
to 12 of the 12 reserve staff.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.staffing.frontline_hour import frontline_hour
from sim.staffing.roster import scenario_roster, shift_coverage
from sim.staffing.workload import workload

if TYPE_CHECKING:   # type names only
    from sim.format.demand import Incident
    from sim.format.scenario import Scenario

TEAM = "frontline"     # the team whose reserve the guidance is about: the one whose callers abandon


@dataclass(frozen=True)
class ReserveGuidance:
    """How many of frontline's reserve staff to call in: at least ``fewest``, at most ``most`` (the pool).

    ``enough``: whether the whole pool holds the abandonment target at the peak; ``peak_hour``: the hour of
    the horizon that needs the most reserve (None without a peak); ``agents_needed`` and ``rostered``: the
    frontline agents that hour needs and has on the roster; ``abandon_target``: the plan's target (None if
    it sets none).
    """
    fewest: int
    most: int
    enough: bool = True
    peak_hour: int | None = None
    agents_needed: int = 0
    rostered: float = 0.0
    abandon_target: float | None = None

    def accepts(self, called: int) -> bool:
        """Whether calling ``called`` reserve staff follows the guidance."""
        return self.fewest <= called <= self.most

    def off_by(self, called: int) -> int:
        """How many staff ``called`` lies outside the range (0 inside it).

        >>> g = ReserveGuidance(9, 12)
        >>> g.off_by(6), g.off_by(10), ReserveGuidance(0, 3).off_by(5)
        (3, 0, 2)
        """
        return max(0, self.fewest - called, called - self.most)


def reserve_guidance(scenario: Scenario) -> ReserveGuidance:
    """The reserve guidance for ``scenario`` under its plan (see the module docstring for the model)."""
    plan = scenario.plan
    team = scenario.staffing.get(TEAM)
    pool = team.reserve if team is not None else 0
    limit = plan.kpi_targets.get("abandon_rate")
    target = limit.at_most if limit is not None else None
    if target is None or team is None or not scenario.incidents:
        return ReserveGuidance(0, pool, abandon_target=target)
    wl = workload(scenario)
    headcounts = scenario_roster(scenario).get(TEAM)
    rostered = (np.asarray(headcounts, dtype=float) @ shift_coverage(scenario, TEAM, wl.hours)
                if headcounts else np.zeros(wl.hours))

    def holds(h: int, agents: float) -> bool:
        m = frontline_hour(wl, h, agents, plan)
        return m is None or m.abandon <= target

    worst: tuple[int, int] | None = None     # (reserve needed, hour)
    enough = True
    for h in sorted({h for inc in scenario.incidents for h in peak_hours(inc, wl.hours)}):
        need = next((r for r in range(pool + 1) if holds(h, rostered[h] + r)), None)
        if need is None:                     # the whole pool is not enough: call all of it
            enough, need = False, pool
        if worst is None or need > worst[0]:
            worst = (need, h)
    if worst is None:                        # every peak falls after the horizon
        return ReserveGuidance(0, pool, abandon_target=target)
    need, h = worst
    # For the explanation: the agents that hour needs (rounded as frontline_hour rounds a headcount).
    agents = next((c for c in range(10_000) if holds(h, c)), 10_000)
    return ReserveGuidance(fewest=need, most=pool, enough=enough, peak_hour=h, agents_needed=agents,
                           rostered=float(rostered[h]), abandon_target=target)


def peak_hours(incident: Incident, n_hours: int) -> range:
    """Hours of the horizon (0 .. n_hours - 1) overlapping the incident's plateau (or the hour its rise ends).

    >>> from types import SimpleNamespace as I
    >>> list(peak_hours(I(at=600, rise=180, plateau=120), 72))     # 21:00-23:00 after an 08:00 start
    [13, 14]
    >>> list(peak_hours(I(at=600, rise=90, plateau=0), 72))        # no plateau: the hour the rise ends
    [11]
    """
    top = incident.at + incident.rise
    last = math.ceil((top + incident.plateau) / 60) if incident.plateau > 0 else math.floor(top / 60) + 1
    return range(min(n_hours, math.floor(top / 60)), min(n_hours, last))
