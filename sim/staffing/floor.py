"""The floor of the roster space: a team that receives work has someone on every shift when work arrives.

The staffing search removes people while the targets hold. The targets are shares over all complaints, so
a team whose work is a small part of them (a department consulted on some cases, a night shift that sees
a few) could be cut to nobody with every target still met: its work would wait for the next shift, for
reserves or for the end of the run. No plan staffs a centre that way, so the search never goes below a
*floor*, derived from the offered work (:mod:`sim.staffing.workload`), not from any one team:

* **Work on a shift.** The expected pieces of work reaching the team (intake contacts for frontline;
  resolve, consult and review tasks for the others) during the hours the shift covers, summed over every
  day it is worked within the horizon. Work arriving while *no* shift of the team is on counts on the
  next shift to start (it waits for it), unless the team has on-call members (they come for it).
* **The floor.** A shift *has work* when at least one piece is more likely than not to arrive during it:
  expected work >= ln 2 (``WORK_ARRIVES``; arrivals are Poisson, so P(at least one) >= 1/2). A shift with
  work has at least one person rostered on it; a shift without work may be empty.

Who is "able to do it" (read from how the simulator models each kind of staff, ``sim.simulation``):

* **Rostered staff** on the shift: they are there when the work arrives. Only they count for the floor.
* **On-call members** (``on_call``, arriving ``mobilise`` after the call) are called by work that finds
  nobody of the team on duty, and then stay to the end of the run. They are the plan's cover for the hours
  no shift works (a team without shifts, like the crisis group, is on call by design, and has no shift to
  floor). They do not stand in for a shift: counted that way they would become full-time staff the
  roster does not pay for (the roster's cost leaves them out).
* **Reserves** come only when the plan activates, for the plan's stay: a lever for a crisis, not cover.
* **The plan says so**: a shift the scenario itself staffs with nobody (``staff: 0``) keeps floor 0.

>>> from sim.format.library import find_scenario
>>> from sim.staffing.workload import workload
>>> flagship = find_scenario("product_defect_surge")
>>> table = shift_work(flagship, workload(flagship))
>>> table.loc[table.team == "specialist", ["label", "floor"]].to_dict("records")
[{'label': '08:00-20:00', 'floor': 1}, {'label': '20:00-08:00', 'floor': 1}]
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.staffing.roster import Roster, shift_coverage, shift_label

if TYPE_CHECKING:   # type names only
    from sim.format.scenario import Scenario
    from sim.staffing.workload import Workload

WORK_ARRIVES = math.log(2)   # expected pieces of work on a shift from which at least one arrives with P >= 1/2

FLOOR_COLUMNS = ["team", "shift", "label", "work", "floor"]


def has_work(expected: float) -> bool:
    """Whether a shift with ``expected`` pieces of work has work (at least one is more likely than not).

    >>> has_work(0.69), has_work(0.70)
    (False, True)
    """
    return expected >= WORK_ARRIVES


def work_on_shifts(arrivals: np.ndarray, covers: np.ndarray, on_call: bool) -> np.ndarray:
    """Expected work on each shift: ``arrivals`` per hour (hours,) during the hours ``covers`` (shifts,
    hours: the share of each hour a shift works); work arriving while no shift works counts on the next
    shift to start, unless ``on_call`` members come for it.

    >>> day, night = [1, 1, 0, 0], [0, 0, 1, 0]           # four hours: day shift, night shift, nobody
    >>> work_on_shifts(np.array([3.0, 1.0, 0.5, 2.0]), np.array([day, night], dtype=float), on_call=False)
    array([4. , 0.5])
    >>> work_on_shifts(np.array([2.0, 0.0, 0.0, 1.0]), np.array([[0, 1, 1, 0]], dtype=float), on_call=False)
    array([2.])
    >>> work_on_shifts(np.array([2.0, 0.0, 0.0, 1.0]), np.array([[0, 1, 1, 0]], dtype=float), on_call=True)
    array([0.])
    """
    work = covers @ arrivals
    if on_call or covers.shape[0] == 0:
        return work
    uncovered = arrivals * np.clip(1.0 - covers.sum(axis=0), 0.0, 1.0)
    waiting = 0.0                    # work that arrived while nobody works, carried to the next shift
    for h in range(len(arrivals)):
        if covers[:, h].sum() > 0 and waiting > 0:
            work[int(np.argmax(covers[:, h]))] += waiting
            waiting = 0.0
        waiting += uncovered[h]
    return work                      # work left waiting after the last shift waits beyond the horizon


def shift_work(scenario: Scenario, wl: Workload) -> pd.DataFrame:
    """One row per shift of every team with shifts: team, shift (index), label, work (expected pieces of
    work on it within the horizon, see the module's docstring) and floor (1 if it has work, else 0)."""
    rows = []
    for team, spec in scenario.staffing.items():
        if not spec.shifts:
            continue
        covers = shift_coverage(scenario, team, wl.hours)
        work = work_on_shifts(wl.arrivals(team), covers, on_call=spec.on_call > 0)
        for k, shift in enumerate(spec.shifts):
            floor = int(has_work(float(work[k])) and shift.staff > 0)
            rows.append({"team": team, "shift": k, "label": shift_label(shift), "work": float(work[k]),
                         "floor": floor})
    return pd.DataFrame(rows, columns=FLOOR_COLUMNS)


def work_floor(scenario: Scenario, wl: Workload) -> Roster:
    """The floor as a roster: team -> the least headcount of each shift (1 on a shift with work, else 0)."""
    table = shift_work(scenario, wl)
    return {team: tuple(int(x) for x in rows["floor"]) for team, rows in table.groupby("team", sort=False)}

