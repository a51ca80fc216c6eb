"""Rosters: how many people work each shift of each team, and what that costs.

A scenario staffs every plan role with a team, and a team works shifts (``08:00-20:00 mon-fri``, staff
6). A *roster* is one headcount per shift of each team with shifts: ``{"frontline": (6, 3)}``; the
scenario's own headcounts are :func:`scenario_roster`, and a roster that names only some teams keeps the
scenario's headcounts for the others. The simulator runs a roster as
``CentreOptions.staffing_overrides`` (:func:`with_roster`).

Cost of a roster: the sum over teams and shifts of headcount x paid hours of that shift within the
horizon x the team's ``cost_per_hour`` (a shift worked every day of a whole-day horizon costs headcount x
shift length x days x cost_per_hour). Reserve and on-call members are not part of the roster and not in
its cost (the simulation's ``staff_cost`` KPI counts every hour anyone was on duty, including them).

:func:`derive_scenario` makes the variants a search runs faster or finer: a shorter horizon, or shifts
cut into one-hour pieces so that a headcount can be set per hour.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import replace
from numbers import Real
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.format.load import scenario_from_dict
from sim.format.units import format_clock
from sim.format.vocabulary import WEEKDAYS
from sim.i18n import t
from sim.simulation.centre import CentreOptions

if TYPE_CHECKING:   # type names only
    from sim.format.scenario import Scenario
    from sim.format.teams import Shift

Roster = dict[str, tuple[int, ...]]     # team -> one headcount per shift


def shift_spans(scenario: Scenario, shift: Shift) -> list[tuple[float, float]]:
    """Scenario minutes [begin, end) worked by one shift within the horizon (as the simulator schedules it)."""
    horizon = scenario.horizon
    return [(b, min(e, horizon)) for b, e in shift.spans(scenario.start, horizon)]


def shift_label(shift: Shift, lang: str = "en") -> str:
    """``08:00-20:00`` (every day), ``08:00-20:00 mon-fri`` or ``08:00-20:00 sat,sun`` (days in ``lang``:
    ``08:00-20:00 周一至周五``)."""
    label = f"{format_clock(shift.start)}-{format_clock(shift.end)}"
    days = tuple(shift.days)
    if days == WEEKDAYS:
        return label
    if days == WEEKDAYS[:5]:
        return f"{label} {t('staff.days.mon_fri', lang)}"
    return f"{label} {t('staff.day.sep', lang).join(t(f'staff.day.{d}', lang) for d in days)}"


def shift_table(scenario: Scenario, lang: str = "en") -> pd.DataFrame:
    """One row per team and shift: team, shift (its index), label (in ``lang``), staff (the scenario's), paid
    hours within the horizon, cost_per_hour."""
    rows = []
    for team, spec in scenario.staffing.items():
        for k, shift in enumerate(spec.shifts):
            hours = sum(e - b for b, e in shift_spans(scenario, shift)) / 60.0
            rows.append({"team": team, "shift": k, "label": shift_label(shift, lang), "staff": shift.staff,
                         "hours": hours, "cost_per_hour": float(spec.cost_per_hour)})
    return pd.DataFrame(rows, columns=["team", "shift", "label", "staff", "hours", "cost_per_hour"])


def shift_coverage(scenario: Scenario, team: str, n_hours: int) -> np.ndarray:
    """(shifts, hours) share of each hour of the horizon each shift of ``team`` covers."""
    shifts = scenario.staffing[team].shifts
    out = np.zeros((len(shifts), n_hours))
    length = np.minimum(60.0, scenario.horizon - 60.0 * np.arange(n_hours))
    for k, shift in enumerate(shifts):
        for b, e in shift_spans(scenario, shift):
            for h in range(int(b // 60), min(n_hours, math.ceil(e / 60))):
                out[k, h] += max(0.0, min(e, 60.0 * h + 60) - max(b, 60.0 * h))
    return out / np.maximum(length, 1e-9)


def scenario_roster(scenario: Scenario) -> Roster:
    """The scenario's own headcounts: team -> one headcount per shift (teams with shifts only)."""
    return {team: tuple(s.staff for s in spec.shifts) for team, spec in scenario.staffing.items() if spec.shifts}


def full_roster(scenario: Scenario, roster: Mapping[str, Iterable[int]] | None, lang: str = "en") -> Roster:
    """``roster`` checked and completed with the scenario's headcounts for the teams it does not name
    (errors in ``lang``)."""
    out = scenario_roster(scenario)
    for team, given in (roster or {}).items():
        if team not in out:
            raise ValueError(t("staff.err.roster_team", lang, team=team, known=", ".join(out)))
        counts = tuple(int(c) for c in given)
        if len(counts) != len(out[team]) or any(c < 0 for c in counts):
            raise ValueError(t("staff.err.roster_counts", lang, team=team, n=len(out[team]), counts=counts))
        out[team] = counts
    return out


def with_roster(options: CentreOptions, roster: Mapping[str, Iterable[int]]) -> CentreOptions:
    """``options`` running ``roster`` (as staffing overrides; the other options kept)."""
    return replace(options, staffing_overrides={team: list(counts) for team, counts in roster.items()})


def roster_frame(scenario: Scenario, roster: Mapping[str, Iterable[int]] | None = None,
                 lang: str = "en") -> pd.DataFrame:
    """A roster as a table: team, shift (its label, in ``lang``), headcount, hours (paid, within the
    horizon), cost.

    ``cost = headcount x hours x cost_per_hour`` (see the module's note on cost).
    """
    full = full_roster(scenario, roster)
    rows = []
    for r in shift_table(scenario, lang).itertuples(index=False):
        if r.team not in full:
            continue
        hc = full[r.team][r.shift]
        rows.append({"team": r.team, "shift": r.label, "headcount": hc, "hours": r.hours,
                     "cost": hc * r.hours * r.cost_per_hour})
    return pd.DataFrame(rows, columns=["team", "shift", "headcount", "hours", "cost"])


def roster_cost(scenario: Scenario, roster: Mapping[str, Iterable[int]] | None = None) -> float:
    """Cost of a roster over the horizon: sum of headcount x paid hours x cost_per_hour."""
    return float(roster_frame(scenario, roster)["cost"].sum())


def derive_scenario(scenario: Scenario, horizon: float | None = None,
                    hourly: bool | Iterable[str] | None = None) -> Scenario:
    """A variant of ``scenario`` for faster or finer searches (the original is not changed).

    ``horizon`` (minutes): simulate only the first part (incidents starting later are dropped).
    ``hourly``: split the shifts of these teams (``True``: every team) at clock-hour boundaries into
    one-hour shifts with the same headcount and days (a piece after midnight of an overnight shift
    moves to the next day), so a search can set a headcount per hour. The drill script is dropped.
    """
    data = scenario.model_dump(mode="json", by_alias=True)
    data.pop("drill", None)
    if horizon is not None:
        if not (isinstance(horizon, Real) and horizon > 0):
            raise ValueError(f"horizon must be a number of minutes > 0, got {horizon!r}")
        horizon = min(float(horizon), scenario.horizon)
        data["horizon"] = f"{horizon:g}min"
        data["incidents"] = [d for d, inc in zip(data["incidents"], scenario.incidents) if inc.at < horizon]
    if hourly:
        teams = list(scenario.staffing) if hourly is True else list(hourly)
        for team in teams:
            if team not in scenario.staffing:
                raise ValueError(f"unknown team {team!r}; this scenario staffs {', '.join(scenario.staffing)}")
            data["staffing"][team]["shifts"] = [piece for shift in scenario.staffing[team].shifts
                                                for piece in _hourly_pieces(shift)]
    return scenario_from_dict(data, scenario.plan, name=f"{scenario.id} (derived)")


def _hourly_pieces(shift: Shift) -> list[dict[str, Any]]:
    """A shift cut at clock-hour boundaries, as shift documents (a piece after midnight moves a day on)."""
    pieces = []
    o = 0.0
    while o < shift.length:
        clock = (shift.start + o) % 1440
        day = int((shift.start + o) // 1440)
        step = min(shift.length - o, 60 - clock % 60)
        days = [WEEKDAYS[(WEEKDAYS.index(d) + day) % 7] for d in shift.days]
        pieces.append({"from": format_clock(clock), "to": format_clock(clock + step), "staff": shift.staff,
                       "days": [d for d in WEEKDAYS if d in days]})
        o += step
    return pieces
